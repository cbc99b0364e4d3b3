/** Image slice: encoding an image and keeping what the worker answered (preview, global words, timings). */
import type { ImageRGBA } from '../model/encode';
import { WorkerCrashError } from '../worker/client';
import { describeError } from './errors';
import type { ImageSlice } from './inspectorTypes';
import type { GetState, InflightImage, SetState, SliceDeps } from './types';
import { wholeWordsFlag } from './wholeWordsSlice';

export function createImageSlice(set: SetState, get: GetState, deps: SliceDeps): ImageSlice {
  const { client, latest, topN, inflight } = deps;
  return {
    image: { status: 'idle', name: null, preview: null, original: null, timings: null, global: null, id: null, bytes: null },

    async encodeImage(name: string, file: Blob | ArrayBuffer) {
      const isLatest = latest.begin('image');
      // Posted as it is (the worker reads it) and kept to replay if the worker crashes.
      const source = file instanceof Blob ? file : new Blob([file]);
      const job: InflightImage = { name, source, replayed: false };
      inflight.image = job;
      set((s) => ({ image: { ...s.image, status: 'encoding', incoming: null } }));
      let early: ImageRGBA | null = null;
      const onPreview = (p: { preview: ImageRGBA }) => {
        early = p.preview;
        if (isLatest()) set((s) => ({ image: { ...s.image, incoming: p.preview } }));
      };
      try {
        const a = await client.request<'encodeImage'>({ type: 'encodeImage', name, source, topN, ...wholeWordsFlag(get()) }, onPreview);
        if (inflight.image === job) inflight.image = null;
        if (!isLatest()) return false;
        set({
          image: {
            status: 'ready',
            name: a.name,
            // The pixels already on screen (the same crop): the preview canvas need not redraw.
            preview: early ?? a.preview,
            original: a.original,
            crop: a.crop,
            timings: a.timings,
            global: a.global,
            id: a.imageId,
            bytes: a.bytes,
            incoming: null,
          },
        });
        // The selection is in patch coordinates, so it still means something on the new image.
        const follow: Array<Promise<unknown>> = [get().refreshWords()];
        const hm = get().heatmap;
        if (hm) follow.push(get().showHeatmap(hm.word));
        // PatchDis in use: the new image is labelled too (with its mask, if one names it).
        if (get().patchdis.status !== 'idle') follow.push(get().runPatchDis());
        await Promise.allSettled(follow);
        return true;
      } catch (e) {
        // The worker died under this request: crash recovery encodes `job` again in the new worker.
        if (e instanceof WorkerCrashError) return false;
        if (inflight.image === job) inflight.image = null;
        if (!isLatest()) return false;
        const { text, details } = describeError(e);
        // The previous image (if any) stays usable.
        set((s) => ({ image: { ...s.image, status: s.image.preview ? 'ready' : 'idle' } }));
        // The worker's message usually names the file already; name it only if not.
        const prefix = text.includes(name) ? 'Could not use the image' : `Could not use the image "${name}"`;
        get().notify('error', `${prefix}: ${text}`, details);
        return false;
      }
    },
  };
}

/** The scene composer: the scene, its selection, and the jobs that make it the current image. */
import { describeError } from './errors';
import { COMPOSED_IMAGE, COMPOSED_MASK, type ComposedJob, type ComposerSlice, type ComposerState } from './composerTypes';
import type { GetState, SetState } from './types';

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function createComposerSlice(set: SetState, get: GetState): ComposerSlice {
  const update = (p: Partial<ComposerState>) => set((s) => ({ composer: { ...s.composer, ...p } }));
  let running = false;
  let waiting: ComposedJob | null = null;

  async function run(job: ComposedJob): Promise<void> {
    // The class list and the mask first: PatchDis sends a mask only with the image it names.
    if (!sameList(get().patchdis.classes, job.classes)) {
      get().setPatchDisClasses(job.classes);
      get().preparePatchDisClasses(job.classes);
    }
    get().setPatchDisMask({ name: COMPOSED_MASK, bytes: job.mask.slice().buffer, forImage: COMPOSED_IMAGE });
    // Resolves once the words, the heatmap and (when in use) PatchDis follow the new image.
    const shown = await get().encodeImage(COMPOSED_IMAGE, job.image.slice().buffer);
    if (!shown) return;
    update({ shown: job.revision });
    // The first composed scene starts PatchDis; later images are relabelled by the image slice.
    if (get().patchdis.status === 'idle') await get().runPatchDis();
  }

  return {
    composer: { scene: null, selected: null, revision: 0, shown: null, busy: false, error: null },

    setComposerScene(scene, selected) {
      set((s) => {
        const want = selected === undefined ? s.composer.selected : selected;
        const keep = want !== null && scene.items.some((it) => it.id === want) ? want : null;
        return { composer: { ...s.composer, scene, selected: keep, revision: s.composer.revision + 1 } };
      });
    },

    selectComposerItem(id) {
      update({ selected: id });
    },

    recompose() {
      set((s) => ({ composer: { ...s.composer, revision: s.composer.revision + 1 } }));
    },

    setComposerError(error) {
      update({ error });
    },

    async encodeComposedScene(job) {
      waiting = job;
      if (running) return;
      running = true;
      update({ busy: true, error: null });
      try {
        while (waiting) {
          const next: ComposedJob = waiting;
          waiting = null;
          try {
            await run(next);
          } catch (e) {
            get().notify('error', `Could not use the composed scene: ${describeError(e).text}`);
          }
        }
      } finally {
        running = false;
        update({ busy: false });
      }
    },
  };
}

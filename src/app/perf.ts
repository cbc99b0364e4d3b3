/**
 * Performance marks for `npm run bench` (cli/bench.ts) and for anyone profiling in devtools.
 * Reads the store and the DOM only; changes nothing. Two measures, each with its parts in `detail`:
 *
 *   lexvla:image  image chosen in "Upload image" -> global cloud painted
 *                 detail: { read, worker: {decode, preprocess, inference, postprocess}, transfer, layout, place, frame,
 *                           total, settled }
 *                 `read`: chosen -> the file posted to the worker, plus the worker reading it.
 *                 `settled`: chosen -> the ranked table beside the cloud painted too (it follows the
 *                 cloud by a frame, src/views/useAfterPaint.ts); the measure's end is the cloud.
 *   lexvla:hover  pointer on a new patch -> patch cloud painted with that patch's words
 *                 detail: { index, words, layout, place, total }
 *   lexvla:region pointer, dragging, on a new region -> patch cloud painted with that region's words
 *                 detail: { region: {r0, c0, r1, c1}, words, layout, place, total }
 *   lexvla:patchdis          "Label patches" -> PatchDis result on screen (the frame after)
 *                            detail: { worker (the worker's own ms), total }
 *   lexvla:patchdis-dataset  "Run PatchDis on <set>" -> dataset result on screen
 *                            detail: { images, workerImagesPerSecond, total, imagesPerSecond }
 * (lexvla:query, query submitted -> heatmap, is stamped by src/views/query/QueryPanel.tsx.)
 *
 * `layout` runs from the words in the store to the cloud painted; `place`, the part of it spent
 * measuring and placing the words (measure "lexvla:cloud-layout" of src/views/cloud/layout.ts;
 * 0 when the layout came from the cache); the rest is React and the browser. `frame` is the last
 * part of `layout`: the painted frame itself, from its start (what is left, before it, is React
 * and the wait for the display's next frame).
 *
 * "Painted" = the cloud's <svg> shows the layout of the list the store holds (aria-busy false and
 * only words of that list), checked once per animation frame, and stamped after that frame.
 */
import type { WordList } from '../lexical/word-list';
import type { ExplorerStore, Region } from '../state';
import { afterNextPaint, afterThisPaint } from '../util/frames';

const now = () => performance.now();

/** Time spent in cloud layouts of `words` words between `from` and `to`. */
function placeTime(from: number, to: number, words: number): number {
  return (performance.getEntriesByName('lexvla:cloud-layout', 'measure') as PerformanceMeasure[])
    .filter((e) => e.startTime >= from && e.startTime + e.duration <= to && (e.detail as { words?: number } | null)?.words === words)
    .reduce((sum, e) => sum + e.duration, 0);
}

/**
 * The time just after the first frame in which `shows()` holds (checked once per animation frame,
 * before that frame's paint), and how long that frame took from its start (input, animation
 * callbacks, style, layout, paint); null once the result is no longer wanted.
 */
function paintedWhen(shows: () => boolean, stillWanted: () => boolean): Promise<{ at: number; frame: number } | null> {
  return new Promise((resolve) => {
    const check = (frameStart: number) => {
      if (!stillWanted()) return resolve(null);
      if (!shows()) return void requestAnimationFrame(check);
      afterThisPaint(() => {
        const at = now();
        resolve({ at, frame: at - frameStart });
      });
    };
    requestAnimationFrame(check);
  });
}

/** Resolves with the time just after the next frame has been painted. */
function painted(): Promise<number> {
  return new Promise((resolve) => afterNextPaint(() => resolve(now())));
}

/** The table `label` lists `list`'s words, in order. */
function tableShows(label: string, list: WordList): () => boolean {
  return () => {
    const buttons = [...document.querySelectorAll(`table[aria-label="${label}"] tbody .word-button`)];
    return buttons.length === list.words.length && buttons.every((b, i) => b.textContent === list.words[i]);
  };
}

/** The cloud `label` shows `list`'s layout (an empty list shows a hint instead of a cloud). */
function cloudShows(label: string, list: WordList): () => boolean {
  const words = new Set(list.words);
  return () => {
    const svg = document.querySelector(`svg[aria-label="${label}"]`);
    if (list.words.length === 0) return svg === null;
    const texts = svg ? [...svg.querySelectorAll('text')] : [];
    const shown = texts.map((t) => [...t.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''));
    return svg !== null && svg.getAttribute('aria-busy') === 'false' && shown.length > 0 && shown.every((w) => words.has(w as string));
  };
}

export function installPerfMarks(store: ExplorerStore): void {
  let selectedAt: number | null = null;
  let encodeStart: number | null = null;
  let hover: { index: number; at: number } | null = null;
  let dragged: { region: Region; at: number } | null = null;
  let pointerAt = 0;

  // Capture phase: stamped before the input's own handler reads the file.
  document.addEventListener(
    'change',
    (e) => {
      const t = e.target as HTMLInputElement | null;
      if (t?.type === 'file' && t.getAttribute('aria-label') === 'Upload image') selectedAt = now();
    },
    true,
  );
  // Hover starts when the pointer event arrives, not when the store hears of it.
  document.addEventListener(
    'pointermove',
    (e) => {
      if ((e.target as Element | null)?.closest?.('.grid-hit')) pointerAt = now();
    },
    true,
  );

  let pdStart: number | null = null;
  let dsStart: number | null = null;

  store.subscribe((s, prev) => {
    // PatchDis, one image and the whole set: wall time in the page beside the worker's own.
    const pd = s.patchdis;
    if (pd.status === 'running' && prev.patchdis.status !== 'running') pdStart = now();
    if (pd.status === 'ready' && pd.result && prev.patchdis.status !== 'ready' && pdStart !== null) {
      const [start, worker] = [pdStart, pd.result.ms];
      pdStart = null;
      void painted().then((end) => performance.measure('lexvla:patchdis', { start, end, detail: { worker, total: end - start } }));
    }
    const ds = pd.dataset;
    if (ds.status === 'running' && prev.patchdis.dataset.status !== 'running') dsStart = now();
    if (ds.status === 'done' && ds.result && prev.patchdis.dataset.status !== 'done' && dsStart !== null) {
      const [start, r] = [dsStart, ds.result];
      dsStart = null;
      void painted().then((end) => {
        const total = end - start;
        const detail = { images: r.images, workerImagesPerSecond: r.timing.imagesPerSecond, total, imagesPerSecond: (1000 * r.images) / total };
        performance.measure('lexvla:patchdis-dataset', { start, end, detail });
      });
    }
    if (s.image.status === 'encoding' && prev.image.status !== 'encoding') {
      encodeStart = now();
      performance.mark('lexvla:encode-start');
    }
    if (s.image.global && s.image.timings && s.image.timings !== prev.image.timings && encodeStart !== null) {
      const encoded = now();
      const started = encodeStart;
      const selected = selectedAt ?? started;
      const timings = s.image.timings;
      const list = s.image.global;
      encodeStart = null;
      selectedAt = null;
      performance.mark('lexvla:encoded');
      const wanted = () => store.getState().image.global === list;
      const tablePainted = list.words.length > 0 ? paintedWhen(tableShows('Global words: ranked words', list), wanted) : Promise.resolve(null);
      void Promise.all([paintedWhen(cloudShows('Global word cloud', list), wanted), tablePainted]).then(([shown, table]) => {
        if (shown === null) return;
        const painted = shown.at;
        const tableAt = table?.at;
        const { read, ...stages } = timings;
        const worker = read + stages.decode + stages.preprocess + stages.inference + stages.postprocess;
        performance.measure('lexvla:image', {
          start: selected,
          end: painted,
          detail: {
            // Chosen -> posted to the worker, and the worker reading the file.
            read: started - selected + read,
            worker: stages,
            // Posting the bytes and the answer between threads, and the store update.
            transfer: encoded - started - worker,
            layout: painted - encoded,
            place: placeTime(encoded, painted, list.words.length),
            frame: shown.frame,
            total: painted - selected,
            settled: Math.max(painted, tableAt ?? painted) - selected,
          },
        });
      });
    }
    const h = s.selection.hovered;
    if (h !== null && h !== prev.selection.hovered && s.selection.pinned === null && s.selection.region === null) {
      hover = { index: h, at: pointerAt || now() };
    }
    const r = s.selection.region;
    if (r !== null && r !== prev.selection.region) dragged = { region: r, at: pointerAt || now() };
    const w = s.words;
    if (!w.list || w.list === prev.words.list) return;
    if (hover && w.target?.kind === 'patch' && w.target.index === hover.index) {
      const { index, at } = hover;
      hover = null;
      measureWords('lexvla:hover', at, w.list, { index });
    } else if (dragged && w.target?.kind === 'region' && sameRegion(w.target, dragged.region)) {
      const { region, at } = dragged;
      dragged = null;
      measureWords('lexvla:region', at, w.list, { region });
    }
  });

  /** `name`: from `at` to the patch cloud painted with `list`, split at the words' arrival in the store. */
  function measureWords(name: string, at: number, list: WordList, what: object): void {
    const answered = now();
    void paintedWhen(cloudShows('Patch word cloud', list), () => store.getState().words.list === list).then((shown) => {
      if (shown === null) return;
      const painted = shown.at;
      // words: pointer -> the words in the store; layout: -> the cloud painted.
      const place = placeTime(answered, painted, list.words.length);
      const detail = { ...what, words: answered - at, layout: painted - answered, place, frame: shown.frame, total: painted - at };
      performance.measure(name, { start: at, end: painted, detail });
    });
  }
}

function sameRegion(a: Region, b: Region): boolean {
  return a.r0 === b.r0 && a.c0 === b.c0 && a.r1 === b.r1 && a.c1 === b.c1;
}

/**
 * Keeps the model on the composed scene: each new revision of the scene (the store's composer
 * slice) is drawn here with the emoji atlas and handed to the store as PNGs, which runs one job
 * at a time, newest first (composerSlice.ts). A drag makes dozens of revisions a second, so a
 * revision is drawn once the changes pause for QUIET_MS, and at least every MAX_WAIT_MS while
 * they go on: the model follows a moving emoji without queueing a run per pointer event.
 */
import { sceneAssets } from '../composer/classes';
import { imagePng, maskPng } from '../composer/files';
import { renderScene } from '../composer/render';
import type { ExplorerStore } from '../state';
import { loadEmojiAtlas } from '../views/composer/atlasLoader';
import { supports } from '../views/supports';

const QUIET_MS = 60;
const MAX_WAIT_MS = 250;

export function installComposerSync(store: ExplorerStore): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let since = 0;

  async function draw(): Promise<void> {
    timer = null;
    const { composer, model } = store.getState();
    const info = model.info;
    if (!composer.scene || !info || !supports('composer', info) || !info.trainedOn) return;
    const trainedOn = info.trainedOn;
    try {
      const atlas = await loadEmojiAtlas();
      // The newest scene when the atlas is there (the first load takes a moment).
      const { scene, revision } = store.getState().composer;
      if (!scene || store.getState().model.info !== info) return;
      const { image, mask } = renderScene(scene, sceneAssets(atlas, trainedOn));
      const classes = trainedOn.classes!.map((c) => c.name);
      const job = { revision, image: imagePng(image), mask: maskPng(mask, scene.width, scene.height, classes.length), classes };
      void store.getState().encodeComposedScene(job);
    } catch (e) {
      store.getState().setComposerError(`Could not draw the scene: ${(e as Error).message}`);
    }
  }

  store.subscribe((s, prev) => {
    if (s.composer.revision === prev.composer.revision) return;
    const now = performance.now();
    if (timer === null) since = now;
    else clearTimeout(timer);
    timer = setTimeout(() => void draw(), Math.max(0, Math.min(QUIET_MS, since + MAX_WAIT_MS - now)));
  });
}

/**
 * The scene composer's state: the scene being composed (plain values, src/composer/scene.ts),
 * which emoji is selected, and which revision of it the model shows. Rendering happens on the
 * main thread (src/app/composerSync.ts); the store gets the finished PNGs as a job.
 */
import type { Scene } from '../composer/scene';

/** The file names a composed scene and its mask go by (the mask is used only with this image). */
export const COMPOSED_IMAGE = 'composed-scene.png';
export const COMPOSED_MASK = 'composed-mask.png';

/** One rendered revision of the scene, ready for the worker. */
export interface ComposedJob {
  revision: number;
  /** The scene as an RGB PNG. */
  image: Uint8Array;
  /** Its class mask as a grayscale PNG (value k = classes[k-1]). */
  mask: Uint8Array;
  /** The bundle's class names, in mask-value order: PatchDis's class list. */
  classes: string[];
}

export interface ComposerState {
  scene: Scene | null;
  /** The selected item's id. */
  selected: number | null;
  /** Counts scene changes: every change is a new revision to encode. */
  revision: number;
  /** The revision the model shows now, or null while another image (or none) is shown. */
  shown: number | null;
  /** A revision is being encoded, or waits to be. */
  busy: boolean;
  /** Why the scene could not be drawn (the emoji atlas did not load), or null. */
  error: string | null;
}

export interface ComposerSlice {
  composer: ComposerState;
  /** A new scene (a new revision); `selected` defaults to the current selection if it still exists. */
  setComposerScene(scene: Scene, selected?: number | null): void;
  selectComposerItem(id: number | null): void;
  /** The same scene as a new revision: encoded again (the composer reopened over another image). */
  recompose(): void;
  setComposerError(error: string | null): void;
  /**
   * Makes a rendered scene the current image, its mask PatchDis's ground truth, and labels it.
   * One job runs at a time; a job that arrives meanwhile waits, and replaces any job waiting
   * before it: the newest revision is always encoded, and none is encoded twice.
   */
  encodeComposedScene(job: ComposedJob): Promise<void>;
}

/** The PatchDis slice: classes, mask, the current image's labels and dataset runs. */
import type { EvalSourceMsg } from '../bundle/source-msg';
import type { DatasetResult } from '../patchdis/dataset';
import type { PatchDisImageResult } from '../worker/protocol';

interface LoadedEvalSet {
  name: string;
  classes: string[];
  items: Array<{ id: string; image: string; mask: string | null }>;
  source: EvalSourceMsg;
}

export interface PatchDisState {
  classes: string[];
  /** null: the documented default rule (docs/patchdis.md). */
  threshold: number | null;
  /** The ground-truth mask and the image it belongs to (it is used only while that image is shown). */
  mask: { name: string; bytes: ArrayBuffer; forImage: string | null } | null;
  evalSet: LoadedEvalSet | null;
  status: 'idle' | 'running' | 'ready' | 'error';
  /** While running: class names encoded so far, of how many (a long list's first run takes seconds). */
  progress: { done: number; total: number } | null;
  result: PatchDisImageResult | null;
  error: string | null;
  dataset: {
    status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
    done: number;
    total: number;
    label: string;
    result: DatasetResult | null;
    error: string | null;
    job: number | null;
  };
}

export interface PatchDisSlice {
  patchdis: PatchDisState;
  setPatchDisClasses(classes: string[]): void;
  /**
   * Asks the worker to compute these class names' text vectors in the background (request
   * 'prepareClasses'), so that "Label patches" finds them ready: once per model, rule and list.
   */
  preparePatchDisClasses(classes: string[]): void;
  setPatchDisThreshold(t: number | null): void;
  setPatchDisMask(mask: PatchDisState['mask']): void;
  loadEvalSet(source: EvalSourceMsg): Promise<void>;
  runPatchDis(): Promise<void>;
  runPatchDisDataset(): Promise<void>;
  cancelPatchDisDataset(): Promise<void>;
}

/** The sparsity sweep's slice: the axis, the values, and one table per bundle. */
import type { EvalSourceMsg } from '../bundle/source-msg';
import type { SweepAxis, SweepTable } from '../retrieval/sweep';

export interface SweepState {
  axis: SweepAxis;
  /** The values as typed, e.g. "8, 32, 128". */
  values: string;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  done: number;
  total: number;
  label: string;
  tables: SweepTable[];
  error: string | null;
}

export interface SweepSlice {
  sweep: SweepState;
  setSweepAxis(axis: SweepAxis, values: string): void;
  /** Runs over `source` (default: the picked evaluation set, else the bundle's own). */
  runSweep(source?: EvalSourceMsg): Promise<void>;
  cancelSweep(): Promise<void>;
}

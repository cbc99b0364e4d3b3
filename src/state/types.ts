/**
 * The explorer's state: small serialisable results only. Heavy data (sessions, the
 * [patches, V] score matrix) lives in the worker; the largest thing kept here is one
 * heatmap row (float32 [patches]) and the preview crop.
 *
 * Each slice's shape is declared in a types module beside it (inspectorTypes.ts, queryTypes.ts,
 * ...), apart from the code that makes it (*Slice.ts): ExplorerState is composed here from
 * those alone, so the slices can import SetState and GetState without a cycle.
 */
import type { WorkerClient } from '../worker/client';
import type { CompareSearchSlice, CompareSlice, CompareWordsSlice } from './compareTypes';
import type { ComposerSlice } from './composerTypes';
import type { Latest } from './latest';
import type { PatchDisSlice } from './patchdisTypes';
import type { QuerySlice } from './queryTypes';
import type { RetrievalSlice } from './retrievalTypes';
import type { SweepSlice } from './sweepTypes';
import type { ViewSlice } from './viewTypes';
import type { VocabSlice } from './vocabTypes';
import type { WholeWordsSlice } from './wholeWordsTypes';
import type {
  HeatmapSlice,
  ImageSlice,
  ModelSlice,
  NoticesSlice,
  RecoverySlice,
  SelectionSlice,
  SparsitySlice,
  WordsAheadSlice,
  WordsSlice,
} from './inspectorTypes';

/** What the store needs from the worker client; tests pass a fake. */
export type ClientPort = Pick<WorkerClient, 'request' | 'onCrash' | 'simulateCrash' | 'restart'>;

export type ExplorerState = ModelSlice &
  ImageSlice &
  SelectionSlice &
  WordsSlice &
  WordsAheadSlice &
  HeatmapSlice &
  SparsitySlice &
  NoticesSlice &
  RecoverySlice &
  QuerySlice &
  PatchDisSlice &
  RetrievalSlice &
  CompareSlice &
  SweepSlice &
  ViewSlice &
  VocabSlice &
  CompareSearchSlice &
  WholeWordsSlice &
  CompareWordsSlice &
  ComposerSlice;

export type SetState = (partial: Partial<ExplorerState> | ((s: ExplorerState) => Partial<ExplorerState>)) => void;
export type GetState = () => ExplorerState;

/** Everything a slice needs besides set/get. */
export interface SliceDeps {
  client: ClientPort;
  /** How many top words each query asks for (cloud and table show the same list). */
  topN: number;
  /** Words asked for a patch or region: fewer than `topN`, so hovering lays out a small cloud. */
  patchTopN: number;
  latest: Latest;
  /**
   * The image being encoded, with its file: a worker crash loses the request, and
   * recovery encodes this again (once: `replayed` marks the second try) instead of dropping it.
   */
  inflight: { image: InflightImage | null };
  /** The Compare view's second worker, made on first use (absent in tests that do not compare). */
  makeCompareClient?: () => ClientPort;
  /** The second worker if it has been made. */
  compareClient?: () => ClientPort | null;
}

export interface InflightImage {
  name: string;
  /** The file as chosen (a File, or a Blob of the bytes given): immutable, so posting it again is safe. */
  source: Blob;
  replayed: boolean;
}

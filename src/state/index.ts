/** Public face of the state layer. */
export { createExplorerStore, DEFAULT_PATCH_TOP_N, DEFAULT_TOP_N, type ExplorerStore } from './store';
export { StoreProvider, useExplorer, useExplorerShallow } from './hooks';
export { phaseOf, type Phase } from './phase';
export { activeTarget } from './selectionSlice';
export type { CacheEntry, Notice, Progress, Region } from './inspectorTypes';
export type { ClientPort, ExplorerState } from './types';

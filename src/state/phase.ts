/**
 * The page's phase marker (document.body.dataset.phase), which e2e tests wait on:
 * "loading" while a model loads or an image encodes, "error" when no model could be loaded
 * at all, otherwise "ready".
 */
import type { ExplorerState } from './types';

export type Phase = 'loading' | 'ready' | 'error';

export function phaseOf(s: Pick<ExplorerState, 'model' | 'image'>): Phase {
  if (s.model.status === 'loading' || s.model.status === 'idle') return 'loading';
  if (s.image.status === 'encoding') return 'loading';
  if (s.model.status === 'error' && s.model.info === null) return 'error';
  return 'ready';
}

/**
 * What each view needs from the loaded model (LIT's shouldDisplayModule): a view whose
 * predicate is false hides itself instead of showing empty or meaningless output.
 */
import { EMOJISCENES } from '../bundle/types';
import type { ModelInfo } from '../model/info';

type ViewName = 'image' | 'wordCloud' | 'wordTable' | 'heatmap' | 'sparsity' | 'timings' | 'composer';

const predicates: Record<ViewName, (m: ModelInfo) => boolean> = {
  image: () => true,
  timings: () => true,
  // Words exist only where there is a vocabulary: dense bundles have none.
  wordCloud: (m) => m.kind === 'lexical' && m.vocabSize !== null,
  wordTable: (m) => m.kind === 'lexical' && m.vocabSize !== null,
  heatmap: (m) => m.kind === 'lexical',
  sparsity: (m) => m.kind === 'lexical' && m.sparsify !== null,
  // Composed emoji scenes mean something only to a model trained on them (manifest trainedOn).
  composer: (m) => m.trainedOn?.dataset === EMOJISCENES && m.trainedOn.classes !== undefined && m.trainedOn.imageSize !== undefined,
};

export function supports(view: ViewName, model: ModelInfo | null): boolean {
  return model !== null && predicates[view](model);
}

import type { ModelInfo } from '../model/info';
import { describe, expect, it } from 'vitest';
import { supports } from './supports';

const lexical = { kind: 'lexical', vocabSize: 100, sparsify: { threshold: 0.1, topK: null } } as ModelInfo;
const dense = { kind: 'dense', vocabSize: null, sparsify: null, embeddingDim: 64 } as ModelInfo;

describe('supports', () => {
  it('shows word views, heatmap and sparsity only for lexical models', () => {
    for (const v of ['wordCloud', 'wordTable', 'heatmap', 'sparsity'] as const) {
      expect([v, supports(v, lexical)]).toEqual([v, true]);
      expect([v, supports(v, dense)]).toEqual([v, false]);
    }
    expect(supports('image', dense)).toBe(true);
  });
  it('shows nothing without a model', () => {
    expect(supports('image', null)).toBe(false);
  });
});

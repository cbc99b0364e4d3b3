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
  it('shows the scene composer only for a model trained on EmojiScenes, of either kind', () => {
    const emoji = { dataset: 'emojiscenes', imageSize: [224, 224] as [number, number], classes: [{ name: 'dog', emoji: '1F415' }] };
    expect(supports('composer', { ...lexical, trainedOn: emoji })).toBe(true);
    expect(supports('composer', { ...dense, trainedOn: emoji })).toBe(true);
    expect(supports('composer', { ...lexical, trainedOn: { dataset: 'CC-12M' } })).toBe(false);
    expect(supports('composer', { ...lexical, trainedOn: null })).toBe(false);
  });
  it('shows nothing without a model', () => {
    expect(supports('image', null)).toBe(false);
  });
});

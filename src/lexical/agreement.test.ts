import { describe, expect, it } from 'vitest';
import { AGREEMENT_K, topWordAgreement } from './agreement';

/** The values as float32 holds them (0.2 is not exact in float32). */
const f32 = (...v: number[]) => Array.from(Float32Array.from(v));

const ten = (prefix: string, shared: string[] = []) => [...shared, ...Array.from({ length: 10 - shared.length }, (_, i) => `${prefix}${i}`)];

describe('topWordAgreement (|A ∩ B| / k per patch)', () => {
  it('counts the words both top-k lists hold, whatever their order', () => {
    const a = [ten('a', ['dog', 'cat', 'sky']), ten('a'), ten('x')];
    const b = [ten('b', ['sky', 'dog']).reverse(), ten('b'), ten('x')];
    expect(Array.from(topWordAgreement(a, b))).toEqual(f32(0.2, 0, 1));
    expect(AGREEMENT_K).toBe(10);
  });

  it('looks only at the first k words of each list, and divides a short list by k too', () => {
    const a = [[...ten('a'), 'dog'], ['dog']];
    const b = [['dog', ...ten('b')], ['dog', 'cat']];
    // Patch 0: "dog" is 11th on the left, so outside its top 10.
    expect(Array.from(topWordAgreement(a, b))).toEqual(f32(0, 0.1));
    expect(Array.from(topWordAgreement([['a', 'b', 'c']], [['c', 'b', 'x']], 2))).toEqual(f32(0.5));
  });

  it('counts a word listed twice once', () => {
    expect(Array.from(topWordAgreement([['dog', 'dog']], [['dog', 'dog']], 2))).toEqual(f32(0.5));
  });

  it('refuses lists of different patch counts or a bad k', () => {
    expect(() => topWordAgreement([['a']], [])).toThrow('topWordAgreement: 1 patches against 0, expected the same patches on both sides');
    expect(() => topWordAgreement([], [], 0)).toThrow('topWordAgreement: k is 0, expected a positive integer');
  });
});

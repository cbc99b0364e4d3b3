import { describe, expect, it } from 'vitest';
import { decodeShareState, encodeShareState, type ShareState } from './shareState';

describe('share state in the URL', () => {
  const full: ShareState = {
    bundle: '/models/lexvla-tiny/',
    variant: 'int8',
    view: 'compare',
    image: 'samples/scene-0001.png',
    pinned: 53,
    queries: ['a raccoon', 'red, or blue?', 'x&y=z'],
    threshold: 0.0071529,
    topK: 64,
    wholeWords: true,
    classes: ['fire truck', 'wolf'],
    compareQuery: 'a dog',
    compareBundle: 'models/clip-tiny/',
  };
  it('round-trips every field, including commas and ampersands in queries', () => {
    expect(decodeShareState(encodeShareState(full))).toEqual(full);
    const region: ShareState = { region: { r0: 1, c0: 2, r1: 3, c1: 4 }, topK: null };
    expect(decodeShareState(encodeShareState(region))).toEqual(region);
    expect(decodeShareState(encodeShareState({}))).toEqual({});
  });
  it('writes a stable, readable link and leaves the default tab out', () => {
    expect(encodeShareState({ view: 'inspect', pinned: 3, topK: null })).toBe('patch=3&topk=none');
    expect(encodeShareState({ topK: null, wholeWords: true })).toBe('topk=none&words=whole');
    expect(encodeShareState({ queries: ['a b', 'c,d'] })).toBe('q=a%2520b%2Cc%252Cd');
  });
  it('drops malformed or foreign values instead of failing', () => {
    expect(decodeShareState('view=nope&patch=-1&region=1,2,x,4&threshold=-3&topk=0&image=https://evil/x.png')).toEqual({});
    expect(decodeShareState('image=samples/../secret')).toEqual({});
    expect(decodeShareState('words=pieces')).toEqual({});
  });
});

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
    scene: '224x224.stripes.light-blue.white.17_1F415.60.112.80.0_2708-FE0F.150.100.64.-20.hv',
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
  it('keeps a scene as written (restoring it reports what is wrong with it), readable in the link', () => {
    const scene = '224x224.flat.blue.blue.1_1F415.60.112.80.-15.h';
    expect(encodeShareState({ view: 'compose', scene })).toBe(`view=compose&scene=${scene}`);
    expect(decodeShareState(`view=compose&scene=${scene}`)).toEqual({ view: 'compose', scene });
    expect(decodeShareState('scene=nonsense')).toEqual({ scene: 'nonsense' });
    expect(decodeShareState('scene=')).toEqual({});
  });
  it('drops malformed or foreign values instead of failing', () => {
    expect(decodeShareState('view=nope&patch=-1&region=1,2,x,4&threshold=-3&topk=0&image=https://evil/x.png')).toEqual({});
    expect(decodeShareState('image=samples/../secret')).toEqual({});
    expect(decodeShareState('words=pieces')).toEqual({});
  });
});

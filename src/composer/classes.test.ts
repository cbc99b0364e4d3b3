import { describe, expect, it } from 'vitest';
import type { AtlasIndex } from './atlas';
import { composerClasses, searchClasses } from './classes';

const atlas = {
  sprites: [
    { emoji: '1F415', name: 'dog', label: 'dog', tags: ['pet'], x: 0, y: 0 },
    { emoji: '1F34E', name: 'apple', label: 'red apple', tags: ['fruit', 'food', 'red'], x: 64, y: 0 },
    { emoji: '1F692', name: 'fire truck', label: 'fire engine', tags: ['engine', 'fire', 'truck'], x: 0, y: 64 },
  ],
} as unknown as AtlasIndex;
const trainedOn = {
  dataset: 'emojiscenes',
  imageSize: [224, 224] as [number, number],
  classes: [
    { name: 'apple', emoji: '1F34E' },
    { name: 'dog', emoji: '1F415' },
    { name: 'fire truck', emoji: '1F692' },
    { name: 'unicorn', emoji: '1F984' },
  ],
};

describe('composer classes', () => {
  const classes = composerClasses(trainedOn, atlas);

  it('follow the bundle\'s order (mask values), with the atlas\'s labels and tags', () => {
    expect(classes.map((c) => [c.value, c.name, c.label, c.drawable])).toEqual([
      [1, 'apple', 'red apple', true],
      [2, 'dog', 'dog', true],
      [3, 'fire truck', 'fire engine', true],
      [4, 'unicorn', 'unicorn', false],
    ]);
  });

  it('are found by name, word of a name, label and tag, best match first', () => {
    const names = (q: string) => searchClasses(classes, q).map((c) => c.name);
    expect(names('')).toEqual(['apple', 'dog', 'fire truck', 'unicorn']);
    expect(names('dog')).toEqual(['dog']);
    expect(names('TRUCK')).toEqual(['fire truck']);
    expect(names('fruit')).toEqual(['apple']);
    expect(names('engine')).toEqual(['fire truck']);
    expect(names('red')).toEqual(['apple']);
    expect(names('fire red')).toEqual([]);
    expect(names('e')).toEqual(['apple', 'dog', 'fire truck']);
  });

  it('rank the name before a word of the name, a tag, and a part of a word', () => {
    const c = (name: string, tags: string[]) => ({ value: 1, name, emoji: '1F600', label: name, tags, drawable: true });
    const list = [c('campfire', []), c('candle', ['fire']), c('fire truck', []), c('fire', [])];
    expect(searchClasses(list, 'fire').map((x) => x.name)).toEqual(['fire', 'fire truck', 'candle', 'campfire']);
  });
});

/**
 * The classes a composer offers: the bundle's own (manifest trainedOn.classes, whose order gives
 * the mask values), each with its sprite's name, label and tags from the atlas when the app has
 * it. Search matches a class's name, its CLDR label and its tags.
 */
import type { TrainedOnSpec } from '../bundle/types';
import type { AtlasIndex, EmojiAtlas } from './atlas';
import type { SceneAssets } from './render';
import { filterItems, resizeScene, type Scene } from './scene';

export interface ComposerClass {
  /** Mask value: trainedOn.classes[value - 1]. */
  value: number;
  name: string;
  emoji: string;
  label: string;
  tags: readonly string[];
  /** false: the app's atlas has no sprite for this emoji, so it cannot be placed. */
  drawable: boolean;
}

export function composerClasses(trainedOn: TrainedOnSpec, atlas: AtlasIndex | null): ComposerClass[] {
  const byEmoji = new Map((atlas?.sprites ?? []).map((s) => [s.emoji, s]));
  return (trainedOn.classes ?? []).map((c, i) => {
    const s = byEmoji.get(c.emoji);
    return { value: i + 1, name: c.name, emoji: c.emoji, label: s?.label ?? c.name, tags: s?.tags ?? [], drawable: s !== undefined };
  });
}

/**
 * Classes matching every word of `query` (case-insensitive), best first: a word equal to the
 * name, then the start of a word of the name, then the name, label or a tag containing it.
 * An empty query gives every class, in the bundle's order.
 */
export function searchClasses(classes: readonly ComposerClass[], query: string): ComposerClass[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return classes.slice();
  const scored: Array<{ c: ComposerClass; score: number }> = [];
  for (const c of classes) {
    const name = c.name.toLowerCase();
    const hay = [name, c.label.toLowerCase(), ...c.tags.map((t) => t.toLowerCase())];
    let score = 0;
    for (const w of words) {
      const s = name === w ? 4 : name.split(' ').some((p) => p.startsWith(w)) ? 3 : hay.some((h) => h.split(' ').includes(w)) ? 2 : hay.some((h) => h.includes(w)) ? 1 : 0;
      if (s === 0) {
        score = 0;
        break;
      }
      score += s;
    }
    if (score > 0) scored.push({ c, score });
  }
  // Stable: equal scores keep the bundle's order.
  return scored.sort((a, b) => b.score - a.score).map((x) => x.c);
}

/**
 * The scene as a bundle can take it: on its training image size, without the emoji it has no
 * class for (returned, so the page can say what it left out).
 */
export function fitScene(scene: Scene, trainedOn: TrainedOnSpec): { scene: Scene; dropped: string[] } {
  const [h, w] = trainedOn.imageSize ?? [scene.height, scene.width];
  const known = new Set((trainedOn.classes ?? []).map((c) => c.emoji));
  return filterItems(resizeScene(scene, w, h), (e) => known.has(e));
}

/** What renderScene needs: the atlas's sprites, and each emoji's class value in the bundle's order. */
export function sceneAssets(atlas: EmojiAtlas, trainedOn: TrainedOnSpec): SceneAssets {
  const value = new Map((trainedOn.classes ?? []).map((c, i) => [c.emoji, i + 1]));
  return { sprite: (e) => atlas.sprite(e), classValue: (e) => value.get(e) ?? 0 };
}

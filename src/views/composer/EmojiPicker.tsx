/**
 * The bundle's classes as emoji to add: search by name, CLDR label or tag; click (or Enter) adds
 * one at the centre, dragging one onto the scene drops it there. Sprites come from the atlas image.
 */
import { useMemo, useState } from 'react';
import type { AtlasIndex } from '../../composer/atlas';
import { searchClasses, type ComposerClass } from '../../composer/classes';
import { EMOJI_DRAG_TYPE } from './ComposerStage';
import { atlasUrl } from './atlasLoader';

const THUMB = 32;

interface Props {
  classes: readonly ComposerClass[];
  atlas: AtlasIndex | null;
  onAdd(emoji: string): void;
}

export function EmojiPicker({ classes, atlas, onAdd }: Props) {
  const [query, setQuery] = useState('');
  const found = useMemo(() => searchClasses(classes, query), [classes, query]);
  const missing = classes.filter((c) => !c.drawable).length;
  const k = atlas ? THUMB / atlas.cell : 1;
  return (
    <section className="panel emoji-picker" aria-labelledby="emoji-picker-title">
      <h2 id="emoji-picker-title">Emoji</h2>
      <input
        type="search"
        aria-label="Find an emoji by name or tag"
        placeholder={`${classes.length} classes: type a name or a tag, e.g. fruit`}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          const first = found.find((c) => c.drawable);
          if (e.key === 'Enter' && first) onAdd(first.emoji);
        }}
      />
      <p className="hint" aria-live="polite">
        {query.trim() === '' ? 'Click one to add it, or drag it onto the scene.' : `${found.length} of ${classes.length} match “${query.trim()}”.`}
        {missing > 0 && ` ${missing} of the model's classes have no picture in this app and cannot be placed.`}
      </p>
      <ul className="emoji-grid" aria-label="Emoji to add">
        {found.map((c) => {
          const s = atlas?.sprites.find((e) => e.emoji === c.emoji);
          return (
            <li key={c.value}>
              <button
                type="button"
                className="emoji-button"
                disabled={!c.drawable || !atlas}
                draggable={c.drawable}
                onDragStart={(e) => {
                  e.dataTransfer.setData(EMOJI_DRAG_TYPE, c.emoji);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => onAdd(c.emoji)}
                aria-label={`Add ${c.name}`}
                title={`${c.name}${c.label !== c.name ? ` (${c.label})` : ''}${c.tags.length ? `: ${c.tags.join(', ')}` : ''}`}
                data-class={c.name}
              >
                <span
                  className="emoji-thumb"
                  aria-hidden="true"
                  style={
                    s && atlas
                      ? { backgroundImage: `url(${atlasUrl(atlas.image)})`, backgroundSize: `${atlas.width * k}px ${atlas.height * k}px`, backgroundPosition: `-${s.x * k}px -${s.y * k}px` }
                      : undefined
                  }
                />
                <span className="emoji-name">{c.name}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

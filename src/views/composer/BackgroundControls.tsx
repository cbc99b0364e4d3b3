/** The scene's background: kind and colours from the EmojiScenes palette, and a new pattern (seed). */
import type { BackgroundSpec } from '../../composer/background';
import { BACKGROUND_KINDS, COLOUR_NAMES, TWO_COLOUR_KINDS, isBackgroundKind, isColourName } from '../../composer/palette';

interface Props {
  value: BackgroundSpec;
  onChange(bg: BackgroundSpec): void;
}

export function BackgroundControls({ value, onChange }: Props) {
  const two = TWO_COLOUR_KINDS.has(value.kind);
  const colour = (i: 0 | 1, label: string) => (
    <label>
      {label}{' '}
      <select
        aria-label={label}
        value={value.colours[i]}
        onChange={(e) => {
          const c = e.currentTarget.value;
          if (!isColourName(c)) return;
          const colours: BackgroundSpec['colours'] = [...value.colours];
          colours[i] = c;
          onChange({ ...value, colours });
        }}
      >
        {COLOUR_NAMES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset className="composer-background">
      <legend>Background</legend>
      <label>
        Kind{' '}
        <select
          aria-label="Background kind"
          value={value.kind}
          onChange={(e) => {
            const kind = e.currentTarget.value;
            if (isBackgroundKind(kind)) onChange({ ...value, kind });
          }}
        >
          {BACKGROUND_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      {colour(0, two ? 'First colour' : 'Colour')}
      {two && colour(1, 'Second colour')}
      {value.kind !== 'flat' && (
        <button type="button" onClick={() => onChange({ ...value, seed: (value.seed + 0x9e3779b9) >>> 0 })} title="Another angle, period, cell or dot spacing, and colour jitter">
          New pattern
        </button>
      )}
    </fieldset>
  );
}

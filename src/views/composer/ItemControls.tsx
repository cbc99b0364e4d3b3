/** Buttons for the selected emoji: the same edits as its keys (keys.ts), for pointer users. */
import type { Scene, SceneItem } from '../../composer/scene';
import { applyKey } from './keys';

interface Props {
  scene: Scene;
  item: SceneItem | null;
  name: string;
  onChange(scene: Scene, selected: number | null): void;
}

const BUTTONS: Array<{ key: string; shift?: boolean; text: string; label: string }> = [
  { key: '-', text: '−', label: 'Smaller' },
  { key: '+', text: '+', label: 'Larger' },
  { key: 'r', text: '⟲', label: 'Rotate counter-clockwise' },
  { key: 'R', shift: true, text: '⟳', label: 'Rotate clockwise' },
  { key: 'f', text: '⇋', label: 'Flip left-right' },
  { key: 'v', text: '⇵', label: 'Turn upside down' },
  { key: 'PageUp', text: 'Front', label: 'Bring to front' },
  { key: 'PageDown', text: 'Back', label: 'Send to back' },
  { key: 'Delete', text: 'Delete', label: 'Delete' },
];

export function ItemControls({ scene, item, name, onChange }: Props) {
  return (
    <div className="composer-item-controls" role="toolbar" aria-label={item ? `Edit ${name}` : 'Edit the selected emoji'}>
      <span className="hint">{item ? `${name}: ` : 'Select an emoji to edit it.'}</span>
      {BUTTONS.map((b) => (
        <button
          key={b.label}
          type="button"
          disabled={!item}
          aria-label={item ? `${b.label} ${name}` : b.label}
          title={b.label}
          onClick={() => {
            const r = item && applyKey(scene, item.id, b.key, b.shift ?? false);
            if (r) onChange(r.scene, r.selected);
          }}
        >
          {b.text}
        </button>
      ))}
    </div>
  );
}

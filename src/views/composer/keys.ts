/**
 * The composer's keys, for the focused emoji: arrows move it (Shift: further), + and - scale,
 * R rotates counter-clockwise (Shift+R clockwise), F flips left-right, V flips upside down,
 * Page Up / Page Down bring it to the front / send it to the back, Delete or Backspace removes it,
 * Escape lets go of it. Tab and Shift+Tab move between the emoji (they are focusable, in drawing
 * order). Pure: the stage maps a key to an edit, the scene operations do it.
 */
import { bringToFront, cycleItem, flipItem, moveItem, removeItem, rotateItem, scaleItem, sendToBack, type Scene } from '../../composer/scene';

const STEP = 2;
const BIG_STEP = 16;
const SCALE = 1.1;
const TURN = 15;

/** A one-line summary for the stage's description. */
export const KEY_HELP = 'Arrow keys move the selected emoji (Shift: further), + and - scale it, R rotates it (Shift+R the other way), F flips it, V turns it upside down, Page Up and Page Down bring it to the front or send it to the back, Delete removes it, Escape lets go; Tab goes to the next emoji.';

/** The scene after `key` on item `id`, and what is selected then; null: not a composer key. */
export function applyKey(scene: Scene, id: number, key: string, shift: boolean): { scene: Scene; selected: number | null } | null {
  const step = shift ? BIG_STEP : STEP;
  const keep = (s: Scene) => ({ scene: s, selected: id });
  switch (key) {
    case 'ArrowLeft':
      return keep(moveItem(scene, id, -step, 0));
    case 'ArrowRight':
      return keep(moveItem(scene, id, step, 0));
    case 'ArrowUp':
      return keep(moveItem(scene, id, 0, -step));
    case 'ArrowDown':
      return keep(moveItem(scene, id, 0, step));
    case '+':
    case '=':
      return keep(scaleItem(scene, id, SCALE));
    case '-':
    case '_':
      return keep(scaleItem(scene, id, 1 / SCALE));
    case 'r':
    case 'R':
      return keep(rotateItem(scene, id, shift ? -TURN : TURN));
    case 'f':
    case 'F':
      return keep(flipItem(scene, id, 'x'));
    case 'v':
    case 'V':
      return keep(flipItem(scene, id, 'y'));
    case 'PageUp':
      return keep(bringToFront(scene, id));
    case 'PageDown':
      return keep(sendToBack(scene, id));
    case 'Delete':
    case 'Backspace': {
      const next = scene.items.length > 1 ? cycleItem(scene, id, 1) : null;
      return { scene: removeItem(scene, id), selected: next };
    }
    case 'Escape':
      return { scene, selected: null };
    default:
      return null;
  }
}

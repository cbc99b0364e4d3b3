/**
 * Checks of the manifest's optional `trainedOn` (types.ts, TrainedOnSpec): what the model was
 * trained on. "emojiscenes" needs the image size and the classes with their emoji, because the
 * scene composer draws scenes from them and labels its masks by their order.
 */
import { Checker, isObject, type Json } from './checker';
import { EMOJISCENES } from './types';

/** Code points as emoji-datasource writes them ("unified"): "1F415", "2708-FE0F". */
export const EMOJI_CODE = /^[0-9A-F]{4,6}(-[0-9A-F]{4,6})*$/;
/** Mask values are 16-bit: 0 is background, so at most 65,535 classes. */
const MAX_CLASSES = 0xffff;

export function checkTrainedOn(ck: Checker, root: Json): void {
  const t = ck.obj(root, 'trainedOn', 'trainedOn', false);
  if (!t) return;
  const dataset = ck.str(t, 'dataset', 'trainedOn.dataset', { nonEmpty: true });
  const composer = dataset === EMOJISCENES;
  const why = `required when trainedOn.dataset is "${EMOJISCENES}": the scene composer draws them`;
  if (t.imageSize === undefined && composer) ck.fail('trainedOn.imageSize', undefined, `[height, width] in pixels (${why})`);
  else if (t.imageSize !== undefined) {
    ck.tuple(t, 'imageSize', 'trainedOn.imageSize', 2, 'positive integers [height, width]', (x) => Number.isInteger(x) && x > 0);
  }
  const classes = t.classes;
  if (classes === undefined) {
    if (composer) ck.fail('trainedOn.classes', undefined, `an array of { name, emoji } (${why})`);
    return;
  }
  if (!Array.isArray(classes) || classes.length === 0 || classes.length > MAX_CLASSES) {
    ck.fail('trainedOn.classes', classes, `a non-empty array of at most ${MAX_CLASSES.toLocaleString('en')} { name, emoji }`);
    return;
  }
  const names = new Map<string, number>();
  const emoji = new Map<string, number>();
  classes.forEach((c, i) => {
    const at = `trainedOn.classes[${i}]`;
    if (!isObject(c)) return void ck.fail(at, c, 'an object { name, emoji }');
    const name = ck.str(c, 'name', `${at}.name`, { nonEmpty: true });
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined) ck.fail(`${at}.name`, name, `a name no other class has (trainedOn.classes[${first}] is the same)`);
      else names.set(name, i);
    }
    const code = ck.str(c, 'emoji', `${at}.emoji`, { nonEmpty: true });
    if (code === undefined) return;
    if (!EMOJI_CODE.test(code)) ck.fail(`${at}.emoji`, code, 'code points as upper-case hexadecimal joined by "-", e.g. "1F415" or "2708-FE0F"');
    else if (emoji.has(code)) ck.fail(`${at}.emoji`, code, `an emoji no other class has (trainedOn.classes[${emoji.get(code)}] is the same): the composer tells classes apart by their emoji`);
    else emoji.set(code, i);
  });
}

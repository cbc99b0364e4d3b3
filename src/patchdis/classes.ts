/**
 * PatchDis class lists: parsing what the user typed, and encoding each class name as a text
 * query with the bundle's own text side (onnx, lookup or precomputed).
 */
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import type { TextVector } from '../model/text';
import type { SparsifyRule } from '../lexical/sparse';

/** "red, blue\ngreen" -> ["red", "blue", "green"]: commas or new lines separate, blanks are dropped. */
export function parseClassList(text: string): string[] {
  return text.split(/[,\n]/).map((s) => s.trim()).filter((s) => s.length > 0);
}

export interface EncodedClass {
  name: string;
  vector: TextVector;
  /** Lookup mode: the vocabulary words used / the tokens dropped (empty otherwise). */
  used: string[];
  dropped: string[];
}

function checkNames(names: readonly string[]): void {
  if (names.length === 0) throw new EngineError('internal', 'the class list is empty, expected at least one class name');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new EngineError('internal', `the class list names "${n}" twice, expected each class once`);
    seen.add(n);
  }
}

const encoded = (name: string, vector: TextVector): EncodedClass =>
  ({ name, vector, used: vector.kind === 'lexical' ? vector.used : [], dropped: vector.kind === 'lexical' ? vector.dropped : [] });

/** After each class name: names encoded, names in all (a long list's first run takes seconds). */
export type ClassProgress = (done: number, total: number) => void;

export async function encodeClasses(engine: Engine, names: readonly string[], onProgress?: ClassProgress): Promise<EncodedClass[]> {
  checkNames(names);
  const text = await engine.text();
  const out: EncodedClass[] = [];
  for (const name of names) {
    out.push(encoded(name, await text.encode(name, engine.sparsifyRule)));
    onProgress?.(out.length, names.length);
  }
  return out;
}

/**
 * The classes under each of several rules (the sparsity sweep), [setting][class]: one text run
 * per class (TextModel.encodeAt). A dense bundle has no rule: every setting gets the same vectors.
 */
export async function encodeClassesAt(engine: Engine, names: readonly string[], rules: readonly SparsifyRule[]): Promise<EncodedClass[][]> {
  checkNames(names);
  const text = await engine.text();
  const out: EncodedClass[][] = rules.map(() => []);
  const dense = engine.info().kind === 'dense';
  for (const name of names) {
    const vs = dense ? rules.map(() => null) : await text.encodeAt(name, rules);
    const d = dense ? await text.encode(name, null) : null;
    vs.forEach((v, s) => out[s].push(encoded(name, v ?? d!)));
  }
  return out;
}

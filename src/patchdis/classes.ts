/**
 * PatchDis class lists: parsing what the user typed, and encoding each class name as a text
 * query with the bundle's own text side (onnx, lookup or precomputed).
 */
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import type { TextVector } from '../model/text';

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

export async function encodeClasses(engine: Engine, names: readonly string[]): Promise<EncodedClass[]> {
  if (names.length === 0) throw new EngineError('internal', 'the class list is empty, expected at least one class name');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new EngineError('internal', `the class list names "${n}" twice, expected each class once`);
    seen.add(n);
  }
  const text = await engine.text();
  const out: EncodedClass[] = [];
  for (const name of names) {
    const vector = await text.encode(name, engine.sparsifyRule);
    out.push({ name, vector, used: vector.kind === 'lexical' ? vector.used : [], dropped: vector.kind === 'lexical' ? vector.dropped : [] });
  }
  return out;
}

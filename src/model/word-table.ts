/**
 * A dense model's word table: the text embedding of every word of a vocabulary, which its word
 * views search by cosine (./dense-words.ts). Read from the bundle (manifest wordEmbeddings) when
 * it ships one; otherwise computed here with the bundle's own text graph, one word at a time,
 * from a word list the caller gives (the Compare view: the lexical side's vocabulary).
 */
import { loadWordEmbeddings } from '../bundle/loaders';
import type { BundleSource } from '../bundle/source';
import type { Manifest } from '../bundle/types';
import { wordTable, type WordTable } from '../lexical/nearest-words';
import { EngineError } from './errors';
import type { TextModel } from './text';

/** What a table is made from: the loaded bundle (LoadedModel's fields, named here so that load.ts can hold a table). */
interface Bundle {
  manifest: Manifest;
  source: BundleSource;
}

/** The template a computed table uses: the bare word, tokenised as text. */
export const COMPUTED_TEMPLATE = '{word}';

/** Where a table came from, for the page's labels and the CLI. */
export interface WordTableInfo {
  source: 'bundle' | 'computed';
  /** Words in the table. */
  count: number;
  /** What the text graph was given per word (manifest wordEmbeddings.template, or COMPUTED_TEMPLATE). */
  template: string;
  /** The vocabulary's rule, e.g. "llama2-filter-v1". */
  rule: string;
  /** Time to read or compute it, in ms. */
  ms: number;
}

export interface LoadedWordTable {
  table: WordTable;
  info: WordTableInfo;
}

/** Words embedded between two progress reports. */
const PROGRESS_EVERY = 256;

const now = (): number => globalThis.performance.now();

/** The bundle's own table (manifest wordEmbeddings); `onProgress`: bytes of the table file. */
export async function readWordTable(m: Bundle, onProgress?: (loaded: number, total: number) => void): Promise<LoadedWordTable> {
  const spec = m.manifest.wordEmbeddings;
  if (!spec) throw new EngineError('no-vocabulary', `${m.manifest.name} ships no word embeddings (manifest.json wordEmbeddings); they can be computed from its text graph instead`);
  const t0 = now();
  const { words, values, dim } = await loadWordEmbeddings(m.source, m.manifest, onProgress);
  return { table: wordTable(words, values, dim), info: { source: 'bundle', count: words.length, template: spec.template, rule: spec.vocabulary.rule, ms: now() - t0 } };
}

/**
 * `words` through the text graph with COMPUTED_TEMPLATE, in order: float32 [V, D]. `onProgress`
 * hears words done and the total; `current()` false (another model was loaded) stops the run.
 */
export async function computeWordTable(
  m: Bundle,
  text: TextModel,
  words: readonly string[],
  rule: string,
  onProgress?: (done: number, total: number) => void,
  current: () => boolean = () => true,
): Promise<LoadedWordTable> {
  const { manifest } = m;
  if (manifest.kind !== 'dense' || manifest.text.mode !== 'onnx') {
    const why = manifest.kind !== 'dense' ? 'it is a lexical bundle, whose words are its own outputs' : `its text side is "${manifest.text.mode}": it can embed only its precomputed texts`;
    throw new EngineError('no-vocabulary', `${manifest.name}: its word embeddings cannot be computed here (${why})`);
  }
  if (words.length === 0) throw new EngineError('internal', `${manifest.name}: no words were given to embed, expected a vocabulary's words`);
  const D = manifest.embeddingDim!;
  const t0 = now();
  const values = new Float32Array(words.length * D);
  for (let i = 0; i < words.length; i++) {
    if (!current()) throw new EngineError('cancelled', `${manifest.name}: computing its word embeddings stopped: another model was loaded`);
    const v = await text.encodeUncached(COMPUTED_TEMPLATE.replace('{word}', words[i]));
    if (v.kind !== 'dense' || v.vector.length !== D) throw new EngineError('bad-model', `${manifest.text.model.file}: "${words[i]}" gave ${v.kind === 'dense' ? v.vector.length : 'a lexical'} values, expected ${D} (embeddingDim)`);
    values.set(v.vector, i * D);
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === words.length) onProgress?.(i + 1, words.length);
  }
  return { table: wordTable(words, values, D), info: { source: 'computed', count: words.length, template: COMPUTED_TEMPLATE, rule, ms: now() - t0 } };
}

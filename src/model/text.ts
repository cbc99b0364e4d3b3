/**
 * Text -> vector, shared by the CLI and the worker. Three modes (manifest `text.mode`):
 * - onnx: tokenise with the bundle's tokenizer.json, run the text graph
 *   (ids + mask, int64 [1, maxLength], padded/truncated), whose output is ELU1p scores
 *   float32 [1, V] (lexical) or an embedding float32 [1, D] (dense); normalise; sparsify.
 * - lookup (the paper's "BoW" ablation): the caption's tokens that are vocabulary entries,
 *   uniform weights, normalised. Reports which words were used and which tokens dropped.
 * - precomputed: exact text match in the bundle's list; other text falls back to lookup.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { loadPrecomputedText, readJson } from '../bundle/loaders';
import { parseTokenizer } from '../bundle/parse-files';
import { BundleError } from '../bundle/issues';
import type { BundleSource } from '../bundle/source';
import type { Manifest, SparseVectorJson } from '../bundle/types';
import { l2normalize, loosestRule, resparsify, sparsify, type SparseVector, type SparsifyRule } from '../lexical/sparse';
import { selectTopK } from '../lexical/select';
import { EngineError, ortMessage } from './errors';
import { feed, type Device, type Feed, type Runtime, type RuntimeSession } from './runtime';
import { openModel } from './session';

export interface Vocabulary {
  words: string[];
  tokenIds: ArrayLike<number>; // int32 [V]: the tokenizer id of each word
}

export type TextVector =
  | { kind: 'lexical'; vector: SparseVector; used: string[]; dropped: string[]; via: 'onnx' | 'lookup' | 'precomputed' }
  | { kind: 'dense'; vector: Float32Array; via: 'onnx' | 'precomputed' }; // float32 [D], L2-normalised

/** The bundle's tokenizer.json (also read for the whole-word table, src/model/whole-word-source.ts). */
export async function loadTokenizer(source: BundleSource, path: string): Promise<Tokenizer> {
  const json = await readJson(source, path);
  const { issues } = parseTokenizer(json, path);
  if (issues.length > 0) throw new BundleError(issues);
  try {
    // No tokenizer_config.json in bundles: the defaults match how train/ tokenises.
    return new Tokenizer(json as object, {});
  } catch (e) {
    throw new EngineError('bad-bundle', `${path}: not a Hugging Face tokenizer.json (${(e as Error).message})`);
  }
}

/** A sparse vector from its on-disk form (indices ascending) -> strongest first. */
export function sparseFromJson(j: SparseVectorJson): SparseVector {
  const values = Float32Array.from(j.values);
  const order = selectTopK(values, values.length);
  return {
    indices: Uint32Array.from(order, (i) => j.indices[i]),
    values: Float32Array.from(order, (i) => values[i]),
  };
}

const CACHE_MAX = 4096;

export class TextModel {
  private constructor(
    private readonly manifest: Manifest,
    private readonly vocab: Vocabulary | null,
    private readonly tokenizer: Tokenizer | null,
    private readonly session: RuntimeSession | null,
    private readonly precomputed: Map<string, SparseVectorJson | number[]> | null,
  ) {}

  static async create(runtime: Runtime, source: BundleSource, manifest: Manifest, vocab: Vocabulary | null, device: Device): Promise<TextModel> {
    const t = manifest.text;
    if (t.mode === 'onnx') {
      const tokenizer = await loadTokenizer(source, t.tokenizer);
      const inputs = [t.model.inputs.ids.name, ...(t.model.inputs.mask ? [t.model.inputs.mask.name] : [])];
      const session = await openModel(runtime, source, t.model, device, {
        inputs,
        outputs: [t.model.output.name],
        manifestField: 'text.model',
        role: 'text',
      });
      return new TextModel(manifest, vocab, tokenizer, session, null);
    }
    if (t.mode === 'lookup') {
      return new TextModel(manifest, vocab, await loadTokenizer(source, t.tokenizer), null, null);
    }
    const json = await loadPrecomputedText(source, manifest);
    const map = new Map<string, SparseVectorJson | number[]>();
    json.texts.forEach((text, i) => map.set(text, json.vectors[i]));
    const tokenizer = t.tokenizer ? await loadTokenizer(source, t.tokenizer) : null;
    return new TextModel(manifest, vocab, tokenizer, null, map);
  }

  get mode(): Manifest['text']['mode'] {
    return this.manifest.text.mode;
  }

  async encode(text: string, rule: SparsifyRule | null): Promise<TextVector> {
    const t = this.manifest.text;
    if (t.mode === 'onnx') return this.encodeOnnx(text, rule);
    if (this.precomputed) {
      const hit = this.precomputed.get(text);
      if (hit !== undefined) return this.fromPrecomputed(hit, rule);
    }
    return this.lookup(text);
  }

  /**
   * The text under each of several rules (the sparsity sweep). The text graph runs once, under
   * the loosest rule, and each rule re-sparsifies that vector: identical to encode(text, rule)
   * per rule (src/lexical/sparse.ts resparsify), at one ONNX run instead of one per rule.
   */
  async encodeAt(text: string, rules: readonly SparsifyRule[]): Promise<TextVector[]> {
    if (this.manifest.text.mode !== 'onnx' || this.manifest.kind === 'dense') {
      return Promise.all(rules.map((r) => this.encode(text, r)));
    }
    const loose = await this.encodeOnnx(text, loosestRule(rules));
    if (loose.kind !== 'lexical') throw new Error('unreachable: a lexical bundle gave a dense text vector');
    return rules.map((r) => ({ ...loose, vector: resparsify(loose.vector, r) }));
  }

  /** Free text as vocabulary words (the paper's BoW text vector). */
  lookup(text: string): TextVector {
    if (!this.vocab) {
      throw new EngineError('no-vocabulary', `"${text}" is not among the precomputed texts of ${this.manifest.name}, and a dense bundle has no vocabulary to look it up in; only its precomputed texts can be encoded`);
    }
    if (!this.tokenizer) {
      throw new EngineError('bad-bundle', `"${text}" is not among the precomputed texts of ${this.manifest.name}, and manifest.json text.tokenizer is absent, so it cannot be looked up`);
    }
    const byToken = this.tokenIndex();
    const enc = this.tokenizer.encode(text, { add_special_tokens: false });
    const kept = new Set<number>();
    const dropped: string[] = [];
    enc.ids.forEach((id, i) => {
      const w = byToken.get(id);
      if (w === undefined) dropped.push(enc.tokens[i]);
      else kept.add(w);
    });
    const indices = [...kept].sort((a, b) => a - b);
    const weight = indices.length > 0 ? 1 / Math.sqrt(indices.length) : 0;
    return {
      kind: 'lexical',
      vector: { indices: Uint32Array.from(indices), values: new Float32Array(indices.length).fill(weight) },
      used: indices.map((i) => this.vocab!.words[i]),
      dropped,
      via: 'lookup',
    };
  }

  async release(): Promise<void> {
    await this.session?.release();
  }

  private tokenIndexCache: Map<number, number> | null = null;
  private tokenIndex(): Map<number, number> {
    if (!this.tokenIndexCache) {
      const index = new Map<number, number>();
      const ids = this.vocab!.tokenIds;
      // Several display words may share a token id; the first (lowest index) wins.
      for (let i = 0; i < ids.length; i++) if (!index.has(ids[i])) index.set(ids[i], i);
      this.tokenIndexCache = index;
    }
    return this.tokenIndexCache;
  }

  private fromPrecomputed(v: SparseVectorJson | number[], rule: SparsifyRule | null): TextVector {
    if (Array.isArray(v)) {
      const dense = l2normalize(Float32Array.from(v));
      if (this.manifest.kind === 'dense' || rule === null) return { kind: 'dense', vector: dense, via: 'precomputed' };
      return { kind: 'lexical', vector: sparsify(dense, rule), used: [], dropped: [], via: 'precomputed' };
    }
    // Stored vectors are already normalised and sparsified with the manifest's rule.
    return { kind: 'lexical', vector: sparseFromJson(v), used: [], dropped: [], via: 'precomputed' };
  }

  private intTensor(values: number[], dtype: string): Feed {
    const dims = [1, values.length];
    return dtype === 'int32'
      ? feed('int32', Int32Array.from(values), dims)
      : feed('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
  }

  /**
   * Text vectors already computed, per text and rule: PatchDis relabels every new image with the
   * same class list (297 classes took 3 s of text-model runs per image in the browser), and a
   * query is re-run on every new image. Text vectors are small (sparse, or D floats) and never
   * modified once made; the oldest go first past CACHE_MAX.
   */
  private readonly computed = new Map<string, Promise<TextVector>>();

  /**
   * One text-graph run per text and rule: a text asked for while its run is still going (the
   * class names PatchDis prepares in the background, then labels with) waits for that run instead
   * of starting a second one. A failed run is forgotten, so the next ask tries again.
   */
  private encodeOnnx(text: string, rule: SparsifyRule | null): Promise<TextVector> {
    const key = computedKey(text, rule);
    const hit = this.computed.get(key);
    if (hit) return hit;
    const v = this.runOnnx(text, rule);
    if (this.computed.size >= CACHE_MAX) this.computed.delete(this.computed.keys().next().value!);
    this.computed.set(key, v);
    v.catch(() => {
      if (this.computed.get(key) === v) this.computed.delete(key);
    });
    return v;
  }

  /**
   * `text` through the text graph without the cache (under the manifest's rule): a dense
   * bundle's word table runs every vocabulary word once, and must not push the user's queries
   * out of the cache.
   */
  encodeUncached(text: string): Promise<TextVector> {
    if (this.manifest.text.mode !== 'onnx') return this.encode(text, this.manifest.sparsify ?? null);
    return this.runOnnx(text, null);
  }

  /** Whether `text` under `rule` is already computed or being computed (nothing runs). */
  has(text: string, rule: SparsifyRule | null): boolean {
    return this.manifest.text.mode !== 'onnx' || this.computed.has(computedKey(text, rule));
  }

  private async runOnnx(text: string, rule: SparsifyRule | null): Promise<TextVector> {
    const t = this.manifest.text;
    if (t.mode !== 'onnx') throw new Error('unreachable: encodeOnnx on a non-onnx text spec');
    const { maxLength } = t;
    const idsName = t.model.inputs.ids.name;
    const idsDtype = t.model.inputs.ids.dtype;
    const maskName = t.model.inputs.mask?.name;
    const maskDtype = t.model.inputs.mask?.dtype ?? 'int64';
    const outName = t.model.output.name;
    const enc = this.tokenizer!.encode(text);
    const n = Math.min(enc.ids.length, maxLength);
    // Pad id 0 sits under mask 0, so its value never matters. Shapes: [1, maxLength].
    const idList = Array.from({ length: maxLength }, (_, i) => (i < n ? enc.ids[i] : 0));
    const maskList = Array.from({ length: maxLength }, (_, i) => (i < n ? 1 : 0));
    const feeds: Record<string, Feed> = { [idsName]: this.intTensor(idList, idsDtype) };
    if (maskName) feeds[maskName] = this.intTensor(maskList, maskDtype);
    let out: Float32Array;
    try {
      const result = await this.session!.run(feeds);
      out = Float32Array.from(result[outName].data as Float32Array); // float32 [1, V] or [1, D]
    } catch (e) {
      throw new EngineError('bad-model', `${t.model.file}: running the text model failed: ${ortMessage(e)}`);
    }
    l2normalize(out);
    if (this.manifest.kind === 'dense') return { kind: 'dense', vector: out, via: 'onnx' };
    return { kind: 'lexical', vector: sparsify(out, rule ?? this.manifest.sparsify!), used: [], dropped: [], via: 'onnx' };
  }
}

/** TextModel's cache key: the text under one sparsity rule. */
function computedKey(text: string, rule: SparsifyRule | null): string {
  return `${rule ? `${rule.threshold}/${rule.topK ?? ''}` : '-'}\u0000${text}`;
}

/**
 * `lexvla words <bundle> <image>`: an image read as words, the global vector or one patch or
 * region, by the Engine the app runs. A lexical bundle's words are its activations; a dense
 * bundle's are the vocabulary words nearest to its embedding in embedding space (cosine, not
 * activations), from its word table (manifest wordEmbeddings), or computed with its text graph
 * over another bundle's vocabulary (--vocab), as the Compare view does without a table.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadVocabulary } from '../src/bundle/loaders';
import type { PatchTarget } from '../src/model/word-views';
import { validateBundle } from '../src/bundle/validate-bundle';
import { expectPositionals, parseArgs, UsageError } from './args';
import type { Io } from './commands';
import { loadEngine, openSource, parseDevice } from './open';

const USAGE = 'lexvla words <bundle> <image> [--top 20] [--patch N | --region r0,c0,r1,c1] [--vocab <lexical-bundle>] [--json] [--backend cpu]';

/** What a dense bundle's words are, wherever they are printed. */
export const NEAREST_NOTE = 'nearest words in embedding space (cosine), not activations';

function target(patch: unknown, region: unknown): PatchTarget {
  if (patch !== undefined && region !== undefined) throw new UsageError('--patch and --region: give one of them (or neither, for the whole image)');
  if (patch !== undefined) {
    if (!Number.isInteger(patch) || (patch as number) < 0) throw new UsageError(`--patch is ${String(patch)}, expected a patch index (row * columns + column, from 0)`);
    return { kind: 'patch', index: patch as number };
  }
  if (region !== undefined) {
    const n = String(region).split(',').map(Number);
    if (n.length !== 4 || !n.every((x) => Number.isInteger(x) && x >= 0)) throw new UsageError(`--region is "${String(region)}", expected r0,c0,r1,c1: four patch rows and columns from 0`);
    return { kind: 'region', r0: n[0], c0: n[1], r1: n[2], c1: n[3] };
  }
  return { kind: 'global' };
}

/** The vocabulary of a lexical bundle (--vocab), for a dense bundle without its own word table. */
async function vocabularyOf(path: string): Promise<{ words: string[]; rule: string }> {
  const source = await openSource(path);
  const { manifest, issues } = await validateBundle(source, { graphs: () => false, masks: false });
  if (!manifest || issues.length > 0) throw new UsageError(`--vocab ${path}: not a valid bundle (${issues[0]?.message ?? 'no manifest'})`);
  if (manifest.kind !== 'lexical' || !manifest.vocabulary) throw new UsageError(`--vocab ${path}: ${manifest.name} is ${manifest.kind}, expected a lexical bundle (its vocabulary is embedded)`);
  return { words: (await loadVocabulary(source, manifest)).words, rule: manifest.vocabulary.rule };
}

export async function wordsCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { top: 'number', patch: 'number', region: 'string', vocab: 'string', json: 'boolean', backend: 'string' });
  const [bundle, imagePath] = expectPositionals(p, ['bundle', 'image'], USAGE);
  const top = (p.flags.top as number | undefined) ?? 20;
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top is ${top}, expected a positive integer`);
  const t = target(p.flags.patch, p.flags.region);
  const engine = await loadEngine(bundle, parseDevice(p.flags.backend));
  try {
    const m = engine.manifest!;
    let table = null;
    if (m.kind === 'dense') {
      if (!m.wordEmbeddings && p.flags.vocab === undefined) {
        throw new UsageError(`${bundle}: ${m.name} is dense and ships no word embeddings (manifest.json wordEmbeddings); give --vocab <lexical-bundle> to compute them with its text graph`);
      }
      const vocab = m.wordEmbeddings ? null : await vocabularyOf(String(p.flags.vocab));
      table = await engine.prepareWords(vocab?.words, vocab?.rule);
    } else if (p.flags.vocab !== undefined) {
      throw new UsageError(`--vocab: ${m.name} is lexical; its words are its own outputs`);
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(imagePath));
    } catch {
      throw new UsageError(`${imagePath}: cannot read the image file`);
    }
    await engine.encode(bytes, basename(imagePath), top);
    const list = engine.words(t, top);
    const what = m.kind === 'dense' ? NEAREST_NOTE : 'activations: the lexical score of each vocabulary word (L2-normalised, sparsified)';
    const top_ = list.words.map((word, i) => ({ word, index: list.indices[i], value: Math.round(list.values[i] * 1e6) / 1e6 }));
    if (p.flags.json) {
      io.out(JSON.stringify({ bundle: m.name, kind: m.kind, image: basename(imagePath), target: t, words: what, table, top: top_ }, null, 2));
      return 0;
    }
    const where = t.kind === 'global' ? 'the whole image' : t.kind === 'patch' ? `patch ${t.index}` : `region rows ${t.r0}-${t.r1}, columns ${t.c0}-${t.c1}`;
    io.out(`${m.name} (${m.kind}) on ${basename(imagePath)}, ${where}: ${what}`);
    if (table) io.out(`word table: ${table.count} words (${table.rule}), template "${table.template}", ${table.source === 'bundle' ? 'from the bundle' : 'computed with the text graph'}`);
    const width = Math.max(...list.words.map((w) => w.length), 4);
    top_.forEach((w, i) => io.out(`${String(i + 1).padStart(3)}  ${w.word.padEnd(width)}  ${w.value.toFixed(4)}`));
    return 0;
  } finally {
    await engine.dispose();
  }
}

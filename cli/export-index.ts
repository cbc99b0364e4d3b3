/**
 * `lexvla export-index <bundle> <gallery|evalset-dir> --format F --out FILE`: the sparse vectors
 * of the bundle's own gallery (precomputed, no inference), or of an evaluation set's images
 * (encoded with the bundle), in a search engine's ingest format (docs/search-engines.md).
 * Writes FILE (the documents) and FILE.setup.json (index mapping or collection config).
 */
import { writeFile } from 'node:fs/promises';
import { loadEvalSet, loadGallery, loadVocabulary } from '../src/bundle/loaders';
import { sourceFromDir } from '../src/bundle/node-source';
import { formatIssues } from '../src/bundle/issues';
import { validateBundle } from '../src/bundle/validate-bundle';
import type { SparseVector } from '../src/lexical/sparse';
import { engineRetrievalEncoder } from '../src/model/retrieval-encoder';
import { sparseFromJson } from '../src/model/text';
import { EXPORT_FORMATS, exportIndex, type ExportDoc, type ExportFormat } from '../src/retrieval/export';
import { expectPositionals, parseArgs, UsageError } from './args';
import type { Io } from './commands';
import { loadEngine, openSource, parseDevice } from './open';

const USAGE = 'lexvla export-index <bundle> <gallery|evalset-dir> --format elasticsearch|opensearch|qdrant --out FILE [--index lexvla] [--field lexical]';

async function galleryDocs(bundle: string): Promise<{ docs: ExportDoc[]; words: string[] }> {
  const source = await openSource(bundle);
  const { manifest, issues } = await validateBundle(source);
  if (!manifest || issues.length > 0) throw new Error(`${bundle}: not a valid bundle\n${formatIssues(issues)}`);
  if (manifest.kind !== 'lexical') throw new Error(`${bundle}: ${manifest.name} is a dense bundle; export-index writes sparse lexical vectors only`);
  const { words } = await loadVocabulary(source, manifest);
  const g = await loadGallery(source, manifest);
  const docs = g.items.map((it, i) => ({ id: it.id, image: it.image, captions: it.captions, vector: sparseFromJson(g.imageVectors[i] as { indices: number[]; values: number[] }) }));
  return { docs, words };
}

async function evalSetDocs(bundle: string, dir: string, device: ReturnType<typeof parseDevice>): Promise<{ docs: ExportDoc[]; words: string[] }> {
  const source = sourceFromDir(dir);
  const { evalSet } = await loadEvalSet(source);
  const engine = await loadEngine(bundle, device);
  try {
    if (engine.info().kind !== 'lexical') throw new Error(`${bundle}: ${engine.info().name} is a dense bundle; export-index writes sparse lexical vectors only`);
    const enc = engineRetrievalEncoder(engine);
    const docs: ExportDoc[] = [];
    for (const it of evalSet.items) {
      const vector = (await enc.encodeImage(await source.read(it.image), it.image)) as SparseVector;
      docs.push({ id: it.id, image: it.image, captions: it.captions, vector });
    }
    return { docs, words: engine.vocabulary()!.words };
  } finally {
    await engine.dispose();
  }
}

export async function exportIndexCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { format: 'string', out: 'string', index: 'string', field: 'string', backend: 'string' });
  const [bundle, what] = expectPositionals(p, ['bundle', 'gallery|evalset-dir'], USAGE);
  const format = p.flags.format as ExportFormat | undefined;
  if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format is ${JSON.stringify(p.flags.format ?? null)}, expected one of ${EXPORT_FORMATS.join(', ')}\nusage: ${USAGE}`);
  const out = p.flags.out as string | undefined;
  if (!out) throw new UsageError(`--out is missing, expected the file to write\nusage: ${USAGE}`);
  const { docs, words } = what === 'gallery' ? await galleryDocs(bundle) : await evalSetDocs(bundle, what, parseDevice(p.flags.backend));
  const ex = exportIndex(format, docs, words, { index: p.flags.index as string | undefined, field: p.flags.field as string | undefined });
  await writeFile(out, ex.data.text);
  await writeFile(`${out}.setup.json`, ex.setup.text);
  const active = docs.reduce((s, d) => s + d.vector.indices.length, 0) / Math.max(1, docs.length);
  io.out(`${out}: ${docs.length} documents for ${format} (${active.toFixed(1)} active words each on average); setup request body in ${out}.setup.json`);
  return 0;
}

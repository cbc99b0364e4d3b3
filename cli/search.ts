/**
 * `lexvla search <bundle> <text>`: a text query over the bundle's own gallery, as the retrieval
 * panel runs it (the bundle's text side under its sparsification rule, then the gallery's exact
 * index). With --json it also prints the query vector, so the same query can be sent to a search
 * engine loaded from `lexvla export-index` (docs/search-engines.md).
 */
import { bundleGallery } from '../src/model/bundle-gallery';
import { engineRetrievalEncoder } from '../src/model/retrieval-encoder';
import type { SparseVector } from '../src/lexical/sparse';
import { expectPositionals, parseArgs, UsageError } from './args';
import type { Io } from './commands';
import { loadEngine, parseDevice } from './open';

const USAGE = 'lexvla search <bundle> <text> [--top 10] [--json] [--backend cpu]';

export async function searchCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { top: 'number', json: 'boolean', backend: 'string' });
  const [bundle, text] = expectPositionals(p, ['bundle', 'text'], USAGE);
  const top = (p.flags.top as number | undefined) ?? 10;
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top is ${top}, expected a positive integer`);
  const engine = await loadEngine(bundle, parseDevice(p.flags.backend));
  try {
    const manifest = engine.manifest!;
    if (!manifest.gallery) throw new UsageError(`${bundle}: ${manifest.name} has no gallery (manifest.json gallery is absent); nothing to search`);
    const { gallery } = await bundleGallery(engine.bundleSource(), manifest);
    const query = await engineRetrievalEncoder(engine).encodeText(text);
    const hits = gallery.searchImages(query, Math.min(top, gallery.size)).map((h, rank) => ({
      rank: rank + 1,
      id: gallery.items[h.id].id,
      image: gallery.items[h.id].name,
      score: h.score,
      captions: gallery.items[h.id].captions,
    }));
    if (p.flags.json) {
      const vector = query instanceof Float32Array ? { dense: [...query] } : { indices: [...(query as SparseVector).indices], values: [...(query as SparseVector).values] };
      io.out(JSON.stringify({ bundle: manifest.name, kind: manifest.kind, text, query: vector, images: gallery.size, hits }, null, 2));
    } else {
      io.out(`${manifest.name}: "${text}" over ${gallery.size} gallery images`);
      for (const h of hits) io.out(`${String(h.rank).padStart(3)}  ${h.score.toFixed(4)}  ${h.image}  ${h.captions[0] ?? ''}`);
    }
    return 0;
  } finally {
    await engine.dispose();
  }
}

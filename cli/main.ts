/**
 * `lexvla <command> ...`: dispatch, usage text, and one place that turns errors into exit codes
 * (1: the input is bad or a check failed; 2: the command line is wrong).
 */
import { escapeControl } from '../src/bundle/issues';
import { UsageError } from './args';
import { encodeCommand, hashCommand, validateCommand, type Io } from './commands';

const USAGE = `usage: lexvla <command> [options]

commands:
  validate <bundle-dir|zip>                              check a bundle; lists every problem
  hash <bundle-dir>                                      write each file's SHA-256 into manifest.json
  encode <bundle> <image> [--top 20] [--backend cpu]     top words of one image, as JSON
  words <bundle> <image> [--top 20] [--patch N | --region r0,c0,r1,c1] [--vocab <lexical-bundle>] [--json]
                                                         the image, a patch or a region as words: a lexical
                                                         bundle's activations, a dense bundle's nearest words
                                                         in embedding space (its word table, or --vocab's
                                                         words embedded with its text graph)
  eval retrieval <bundle> <evalset-dir> [--json]         image<->text recall@1/5/10
  eval patchdis <bundle> <evalset-dir> [--threshold t] [--json]
                                                         PatchDis mIoU and per-class IoU (default
                                                         threshold: docs/patchdis.md)
  eval overuse <bundle> <evalset-dir> [--top 15] [--top-k k] [--json]
                                                         share of image activation on words in no
                                                         caption or class name; most over-used words
  eval grounding <bundle> <evalset-dir> [--top 5,20] [--json]
                                                         how often an image's top K words name a class
                                                         present in it, beside image-blind and shuffled
                                                         word lists (lexical bundles)
  sweep <bundle> <evalset-dir> [--topk 8,16,32 | --thresholds 0.005,0.01] [--json]
                                                         recall@K and PatchDis mIoU per sparsity setting
                                                         (the paper's Fig. 5; default top-k 8..256)
  bench-patchdis <bundle> <evalset-dir> [--repeat 5] [--json]
                                                         query->relevance, PatchDis per image, images/s
  search <bundle> <text> [--top 10] [--json]              a text query over the bundle's gallery (the
                                                         retrieval panel's search; --json adds the query vector)
  export-index <bundle> <gallery|evalset-dir> --format elasticsearch|opensearch|qdrant --out FILE
                                                         sparse vectors in a search engine's ingest format
  bench-patchdis-browser [--bundle /models/lexvla-tiny/] [--queries 20] [--typing 1000] [--repeat 3] [--dist dist]
                                                         PatchDis timings in headless Chromium (WASM)
                                                         beside bench-patchdis (needs a build)
  bench-index [--sizes 1000,10000,100000] [--sparsity tiny,paper] [--queries 50] [--brute-queries 10] [--json]
                                                         gallery text search: the index vs the previous index
                                                         and brute force on synthetic vectors, with targets
  bench [--bundle /models/color-fixture/] [--variant auto|exact|<name>] [--dist dist] [--baseline-dist <dir>] [--rounds N] [--runs 10]
        [--warmup 2] [--formats png,jpeg] [--first-after 0] [--pause 500] [--hovers 30] [--drags 4] [--steps 5] [--rest 150]
        [--image <file> | --images <dir>]
                                                         the built app in headless Chromium (WASM):
                                                         image -> words fixed cost, hover and drag
                                                         p95 against targets and another build
                                                         (needs \`npx vite build\` first)
  bench-load [--dist dist[,other...]] [--bundle /models/lexvla-tiny/] [--backend wasm] [--runs 5] [--mbps N]
                                                         page opened -> model ready, first visit and
                                                         reload, builds side by side (needs a build)
  bench-variants [--bundle /models/lexvla-b14-shape/] [--dist dist] [--variants exact,int8] [--rounds 2] [--runs 3]
        [--warmup 1] [--images 50] [--top 20] [--no-agreement]
                                                         a bundle's vision graphs (exact, int8, ...) in
                                                         headless Chromium: inference, speed-up, peak memory,
                                                         and their words against the exact graph's (needs a build)`;

const stdio: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
};

export async function main(argv: string[], raw: Io = stdio): Promise<number> {
  // Every line printed is escaped: a bundle's file names reach the terminal in messages, and an
  // escape sequence in one must not clear the screen or rewrite what came before.
  const io: Io = { out: (s) => raw.out(escapeControl(s, true)), err: (s) => raw.err(escapeControl(s, true)) };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await validateCommand(rest, io);
      case 'encode':
        return await encodeCommand(rest, io);
      case 'hash':
        return await hashCommand(rest, io);
      case 'eval': {
        const [what, ...args] = rest;
        const { retrievalCommand, patchdisCommand } = await import('./eval');
        if (what === 'retrieval') return await retrievalCommand(args, io);
        if (what === 'patchdis') return await patchdisCommand(args, io);
        if (what === 'overuse') return await (await import('./eval-overuse')).overuseCommand(args, io);
        if (what === 'grounding') return await (await import('./eval-grounding')).groundingCommand(args, io);
        throw new UsageError(`eval ${what ?? ''}: expected "eval retrieval", "eval patchdis", "eval overuse" or "eval grounding"`);
      }
      case 'words':
        return await (await import('./words')).wordsCommand(rest, io);
      case 'search':
        return await (await import('./search')).searchCommand(rest, io);
      case 'export-index':
        return await (await import('./export-index')).exportIndexCommand(rest, io);
      case 'sweep':
        return await (await import('./sweep')).sweepCommand(rest, io);
      case 'bench-patchdis':
        return await (await import('./bench-patchdis')).benchPatchdisCommand(rest, io);
      case 'bench-patchdis-browser':
        return await (await import('./bench-browser-patchdis')).benchBrowserPatchdisCommand(rest, io);
      case 'bench-index':
        return await (await import('./bench-index')).benchIndexCommand(rest, io);
      case 'bench':
        return await (await import('./bench')).benchCommand(rest, io);
      case 'bench-load':
        return await (await import('./bench-load')).benchLoadCommand(rest, io);
      case 'bench-variants':
        return await (await import('./bench-variants')).benchVariantsCommand(rest, io);
      case undefined:
      case '--help':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`lexvla: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`lexvla: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

/**
 * `lexvla bench`: the production build in headless Chromium with the WASM backend, against its
 * targets and, with --baseline-dist, against another build measured in the same run. Serves each
 * build with `vite preview` on a free port; each pass opens the app in a fresh context, uploads
 * images (PNG and JPEG by default), hovers patches and drags regions, and reads the page's own
 * measures (src/app/perf.ts). Passes alternate between the builds, round after round, so that a
 * shared machine slows both alike; the figures pool every pass of a build. Builds nothing.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { count, parseArgs, UsageError } from './args';
import { formatOfName, writeBenchImage, type BenchFormat } from './bench-images';
import { benchPass, CHROMIUM_ARGS, freePort, startPreview, type PassOptions, type PassResult } from './bench-page';
import { printReport } from './bench-report';
import { buildFigures, TARGETS } from './bench-stats';
import type { Io } from './commands';

const BENCH_USAGE =
  'lexvla bench [--bundle /models/color-fixture/] [--variant auto|exact|<name>] [--dist dist] [--baseline-dist <dir>] [--rounds 1, or 3 with a baseline] [--runs 10] [--warmup 2] [--formats png,jpeg] [--first-after 0] [--pause 500] [--hovers 30] [--drags 4] [--steps 5] [--rest 150] [--image <file> | --images <dir>] [--chromium /usr/bin/chromium]';

export async function benchCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, {
    bundle: 'string', variant: 'string', dist: 'string', 'baseline-dist': 'string', rounds: 'number', runs: 'number', warmup: 'number', formats: 'string',
    'first-after': 'number', pause: 'number', hovers: 'number', drags: 'number', steps: 'number', rest: 'number', image: 'string', images: 'string', chromium: 'string',
  });
  if (p.positional.length > 0) throw new UsageError(`bench takes no positional arguments, found "${p.positional[0]}"\nusage: ${BENCH_USAGE}`);
  const bundle = (p.flags.bundle as string | undefined) ?? '/models/color-fixture/';
  // Which vision graph the page runs (?variant=): "exact" by default, or a variant of the bundle's
  // vision.variants such as "int8" (docs/bundle-format.md, "Variants").
  const variant = p.flags.variant as string | undefined;
  const dist = (p.flags.dist as string | undefined) ?? 'dist';
  const baselineDist = p.flags['baseline-dist'] as string | undefined;
  const rounds = count(p.flags.rounds, baselineDist ? 3 : 1, 'rounds');
  const runs = count(p.flags.runs, 10, 'runs');
  // Images encoded first and left out of the figures: the first encodes after a load run on code
  // the JavaScript and WebAssembly engines have not optimised yet. The first is printed apart.
  const warmup = count(p.flags.warmup, 2, 'warmup', 0);
  // How long after the load the first image is chosen (a user takes a moment; the page warms up).
  const firstAfter = count(p.flags['first-after'], 0, 'first-after', 0);
  // Between one image's cloud and the next image: the page finishes what follows a cloud (its
  // table, the words made ahead for hovers) before the next one is timed, as a person would let it.
  const pause = count(p.flags.pause, 500, 'pause', 0);
  const hovers = count(p.flags.hovers, 30, 'hovers', 0);
  const drags = count(p.flags.drags, 4, 'drags', 0);
  const steps = count(p.flags.steps, 5, 'steps');
  // A hand rests on the patch it is about to press for a moment; 0 presses at once.
  const rest = count(p.flags.rest, 150, 'rest', 0);
  const formats = parseFormats((p.flags.formats as string | undefined) ?? 'png,jpeg');
  const image = p.flags.image as string | undefined;
  const imageDir = p.flags.images as string | undefined;
  if (image && imageDir) throw new UsageError('--image and --images: give one or the other');
  if (image && !existsSync(image)) throw new UsageError(`--image ${image}: no such file`);
  const userFiles = image ? [image] : imageDir ? await imagesIn(imageDir) : null;
  const executablePath = (p.flags.chromium as string | undefined) ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  for (const d of baselineDist ? [dist, baselineDist] : [dist]) {
    if (!existsSync(join(d, 'index.html'))) {
      throw new Error(`${join(d, 'index.html')} is missing: bench measures a production build; run \`npx vite build --outDir ${d}\` first`);
    }
  }
  if (!existsSync(executablePath)) throw new Error(`${executablePath}: no Chromium there; install Debian's chromium or pass --chromium <path>`);

  const tmp = await mkdtemp(join(tmpdir(), 'lexvla-bench-'));
  // Every pass uploads the same sequence: warm-up images, then `runs` of each format in turn.
  const kinds = [...Array<BenchFormat>(warmup).fill(formats[0]), ...Array.from({ length: runs }, () => formats).flat()];
  const sequence: PassOptions['images'] = kinds.map((format, i) => {
    if (userFiles) {
      const file = userFiles[i % userFiles.length];
      return { format: formatOfName(file) ?? 'png', file: async () => file };
    }
    let written: Promise<string> | null = null;
    return { format, file: () => (written ??= writeBenchImage(tmp, i, format as 'png' | 'jpeg')) };
  });
  if (userFiles && userFiles.length < sequence.length) {
    io.err(`bench: ${userFiles.length} image(s) for ${sequence.length} encodes: repeats find their cloud layout cached`);
  }
  const options: PassOptions = { bundle, variant, images: sequence, warmup, firstAfter, pause, hovers, drags, steps, rest };

  const builds = [{ dist, passes: [] as PassResult[] }, ...(baselineDist ? [{ dist: baselineDist, passes: [] as PassResult[] }] : [])];
  const servers: Array<{ build: (typeof builds)[number]; port: number; server: ReturnType<typeof startPreview> }> = [];
  for (const build of builds) {
    const port = await freePort();
    servers.push({ build, port, server: startPreview(port, build.dist) });
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const perPass = `${warmup} unmeasured + ${runs} x ${userFiles ? 'the given images' : formats.join(' and ').toUpperCase()} ${pause} ms apart, ${hovers} hovers, ${drags} drags of ${steps} steps pressed after a ${rest} ms rest`;
    io.err(`bench: ${bundle} on WASM${variant ? `, vision graph asked: ${variant}` : ''}, ${rounds} round(s) of ${servers.map((s) => s.build.dist).join(' and ')}; per pass ${perPass}`);
    for (let r = 0; r < rounds; r++) {
      // Alternate which build goes first, so neither always follows the other.
      const order = r % 2 === 0 ? [...servers].reverse() : servers;
      for (const s of order) {
        const pass = await benchPass(browser, s.port, s.server, options);
        s.build.passes.push(pass);
        io.err(`bench: round ${r + 1}/${rounds}, ${s.build.dist} done${pass.graph ? ` (vision graph ${pass.graph})` : ''}`);
      }
    }
    const [mine, base] = builds.map((b) => ({ dist: b.dist, figures: buildFigures(b.passes) }));
    const head = baselineDist
      ? `lexvla bench: ${bundle}, WASM, this build (${dist}) against the baseline (${baselineDist}): ${rounds} rounds, builds alternating, ${perPass} per pass`
      : `lexvla bench: ${bundle}, WASM, ${dist}: ${rounds} pass(es) of ${perPass}`;
    const json = { bench: 'lexvla', bundle, variant: variant ?? null, backend: 'wasm', rounds, warmup, runs, firstAfter, pause, rest, targets: TARGETS, build: mine, baseline: base ?? null };
    printReport(io, head, mine, base ?? null, json);
    return 0;
  } finally {
    await browser.close();
    for (const s of servers) s.server.kill('SIGTERM');
    await rm(tmp, { recursive: true, force: true });
  }
}

function parseFormats(s: string): Array<'png' | 'jpeg'> {
  const formats = s.split(',').filter((f) => f !== '');
  const bad = formats.find((f) => f !== 'png' && f !== 'jpeg');
  if (bad !== undefined || formats.length === 0) throw new UsageError(`--formats is "${s}", expected png, jpeg or png,jpeg`);
  return formats as Array<'png' | 'jpeg'>;
}

/** The PNG, JPEG and GIF files of a folder, by name. */
async function imagesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => {
    throw new UsageError(`--images ${dir}: no such folder`);
  });
  const files = names.filter((n) => formatOfName(n) !== null && !/\.mask\.png$/i.test(n)).sort().map((n) => join(dir, n));
  if (files.length === 0) throw new UsageError(`--images ${dir}: no .png, .jpg or .gif file there`);
  return files;
}

/**
 * Memory and CPU time of a process tree, read from Linux's /proc: the Chromium processes under a root (the
 * browser Playwright started, its zygote, renderers, GPU and utility processes). PSS (proportional set size, smaps_rollup) is summed over the tree,
 * so pages shared between processes (the browser's own code, shared memory) count once in all;
 * the page's renderer, which holds the page, its workers and their WebAssembly memory, is also
 * read apart (its RSS). Sampled on a timer: a peak between two samples is missed, so the interval
 * is short beside a load or an inference (seconds on a paper-sized model).
 */
import { readdir, readFile } from 'node:fs/promises';

export interface MemorySample {
  /** Summed PSS of the tree, bytes. */
  pss: number;
  /** The largest RSS among the renderer processes (`--type=renderer`), bytes. */
  rendererRss: number;
  /** PSS by Chromium process type ("browser", "renderer", "gpu-process", "utility:network", ...), bytes. */
  byType: Record<string, number>;
}

/** Chromium's process type from its command line: --type (and --utility-sub-type's first word); none is the browser. */
function processType(cmd: string): string {
  const type = cmd.match(/--type=([\w-]+)/)?.[1];
  if (!type) return 'browser';
  const sub = cmd.match(/--utility-sub-type=([\w]+)/)?.[1];
  return type === 'utility' && sub ? `utility:${sub}` : type;
}

async function children(): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // Field 4 (ppid) follows the command name in parentheses, which may itself hold spaces.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = out.get(ppid) ?? [];
    list.push(Number(name));
    out.set(ppid, list);
  }
  return out;
}

async function tree(root: number): Promise<number[]> {
  const kids = await children();
  const all: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    all.push(pid);
    todo.push(...(kids.get(pid) ?? []));
  }
  return all;
}

/** kB fields of smaps_rollup ("Pss:", "Rss:") in bytes; 0 for a process gone meanwhile. */
async function rollup(pid: number): Promise<{ pss: number; rss: number }> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  const kb = (key: string) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
  return { pss: kb('Pss'), rss: kb('Rss') };
}

/**
 * The processes under `root` whose command line matches `only` (default: Chromium's). The root is
 * this Node process: Playwright starts the browser as its child, beside `vite preview`, which the
 * filter leaves out with Node itself.
 */
export async function sampleTree(root: number, only = /chrom/): Promise<MemorySample> {
  let pss = 0;
  let rendererRss = 0;
  const byType: Record<string, number> = {};
  for (const pid of await tree(root)) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!only.test(cmd)) continue;
    const m = await rollup(pid);
    pss += m.pss;
    const type = processType(cmd.replaceAll('\0', ' '));
    byType[type] = (byType[type] ?? 0) + m.pss;
    if (type === 'renderer') rendererRss = Math.max(rendererRss, m.rss);
  }
  return { pss, rendererRss, byType };
}

/**
 * Samples the tree every `everyMs` until stopped; `stop()` resolves to the peaks seen: the largest
 * summed PSS with its split by process type at that moment, and the renderer's largest RSS.
 */
export function watchPeak(root: number, everyMs = 100, onSample?: (s: MemorySample) => void): { stop(): Promise<MemorySample> } {
  let peak: MemorySample = { pss: 0, rendererRss: 0, byType: {} };
  let rendererRss = 0;
  let running = true;
  const take = (s: MemorySample) => {
    onSample?.(s);
    if (s.pss > peak.pss) peak = s;
    rendererRss = Math.max(rendererRss, s.rendererRss);
  };
  const loop = (async () => {
    while (running) {
      take(await sampleTree(root));
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  let result: Promise<MemorySample> | null = null;
  return {
    stop() {
      result ??= (async () => {
        running = false;
        await loop;
        take(await sampleTree(root));
        return { ...peak, rendererRss };
      })();
      return result;
    },
  };
}

/**
 * CPU time (user + system) the matching processes under `root` have used so far, in ms. On a
 * machine shared with other jobs, wall-clock times stretch with the load while the CPU time a
 * piece of work takes barely does: the difference of two readings around an image is its work.
 */
export async function cpuMs(root: number, only = /chrom/): Promise<number> {
  let ticks = 0;
  for (const pid of await tree(root)) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!only.test(cmd)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // utime and stime are fields 14 and 15; the fields after the command name start at field 3.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(f[11]) + Number(f[12]);
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** What `lexvla bench` prints: the figures against their targets and the baseline, the stages, the slowest hovers. */
import type { BenchFormat } from './bench-images';
import { figureRows, STAGES, type BuildFigures, type PointerFigures } from './bench-stats';
import type { Io } from './commands';

export interface BenchBuild {
  dist: string;
  figures: BuildFigures;
}

const f1 = (x: number) => x.toFixed(1);

export function printReport(io: Io, head: string, build: BenchBuild, baseline: BenchBuild | null, json: object): void {
  io.out(head);
  const rows = figureRows(build.figures, baseline?.figures ?? null);
  const w = Math.max(...rows.map((r) => r.label.length));
  const cols = baseline ? ['target', 'baseline', 'this build', 'ratio', ''] : ['target', 'this build', ''];
  io.out(`${''.padEnd(w)}${cols.map((c) => c.padStart(c === '' ? 0 : 11)).join('')}`);
  for (const r of rows) {
    const target = r.target === null ? '' : `<= ${f1(r.target)}`;
    const verdict = r.met === null ? '' : r.met ? '   met' : '   NOT met';
    const cells = baseline
      ? [target, r.baseline === null ? '-' : f1(r.baseline), f1(r.value), r.ratio === null ? '-' : r.ratio.toFixed(2)]
      : [target, f1(r.value)];
    io.out(`${r.label.padEnd(w)}${cells.map((c) => c.padStart(11)).join('')}${verdict}`);
  }
  io.out('');
  io.out('Image chosen -> global cloud painted, by stage (median, ms):');
  io.out(`${'build'.padEnd(18)}${'format'.padEnd(7)}${STAGES.map((s) => s.padStart(12)).join('')}${'place'.padStart(8)}${'frame'.padStart(8)}${'settled'.padStart(9)}`);
  for (const b of baseline ? [baseline, build] : [build]) {
    const name = b === build ? 'this build' : 'baseline';
    for (const [format, fig] of Object.entries(b.figures.images) as Array<[BenchFormat, NonNullable<BuildFigures['images'][BenchFormat]>]>) {
      const opt = (x: number | null, width: number) => (x === null ? '-' : f1(x)).padStart(width);
      io.out(`${name.padEnd(18)}${format.padEnd(7)}${STAGES.map((s) => f1(fig.medianMs[s]).padStart(12)).join('')}${opt(fig.placeMedian, 8)}${opt(fig.frameMedian, 8)}${opt(fig.settledMedian, 9)}`);
    }
  }
  io.out(`  first image of each pass: ${build.figures.first.totals.map((t) => t.toFixed(0)).join(', ')} ms in all (this build)${baseline ? `; ${baseline.figures.first.totals.map((t) => t.toFixed(0)).join(', ')} ms (baseline)` : ''}`);
  for (const b of baseline ? [baseline, build] : [build]) {
    const name = b === build ? 'this build' : 'baseline';
    pointerLine(io, `hover (${name})`, b.figures.hover);
    pointerLine(io, `drag step (${name})`, b.figures.region);
  }
  io.out(JSON.stringify(json));
}

function pointerLine(io: Io, what: string, p: PointerFigures | null): void {
  if (!p) return;
  const slow = p.slowest.map((h) => `#${h.n} ${h.total.toFixed(0)} (words ${h.words.toFixed(0)}, painted ${h.layout.toFixed(0)})`).join(', ');
  io.out(`  ${what}: ${p.n}, median ${f1(p.median)} ms (pointer -> words ${f1(p.wordsMedian)}, -> painted ${f1(p.layoutMedian)}), p95 ${f1(p.p95)} ms; slowest ${slow}`);
}

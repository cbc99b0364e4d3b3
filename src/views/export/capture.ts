/**
 * What the page shows, as files: an <svg> (cloud, chart) or a stage of stacked layers (the
 * preview canvas under its patch overlay) becomes an SVG document and a PNG. The PNG is
 * composited on an offscreen canvas: each canvas layer drawn as is, each SVG layer rasterised
 * from its serialised file through a Blob URL (never the network).
 */
import { exportScale, serializeSvg, stackSvg, STYLE_PROPS, viewBoxSize, type Layer, type StyleOf, type XmlNode } from './serialize-svg';

interface Capture {
  width: number;
  height: number;
  svg: string;
  png(): Promise<Blob>;
}

const computed: StyleOf = (node) => {
  const el = node as unknown as Element;
  const cs = getComputedStyle(el);
  const out: Record<string, string> = { display: cs.getPropertyValue('display') };
  for (const p of STYLE_PROPS) out[p.name] = cs.getPropertyValue(p.name);
  return out;
};

type Source = { kind: 'canvas'; el: HTMLCanvasElement } | { kind: 'svg'; el: SVGSVGElement };

/** The layers of a stage: its canvases and outermost SVGs, in paint (document) order. */
function layersOf(el: Element): Source[] {
  if (el instanceof SVGSVGElement) return [{ kind: 'svg', el }];
  return [...el.querySelectorAll('canvas, svg')]
    .filter((n) => !n.parentElement?.closest('svg'))
    .map((n) => (n instanceof HTMLCanvasElement ? { kind: 'canvas', el: n } : { kind: 'svg', el: n as SVGSVGElement }));
}

/** Size before upscaling: an SVG's viewBox; a stage's first canvas (the model's input crop) or its box. */
function naturalSize(el: Element, layers: Source[]): { width: number; height: number } {
  const vb = el instanceof SVGSVGElement ? viewBoxSize(el.getAttribute('viewBox')) : null;
  if (vb) return vb;
  const canvas = layers.find((l) => l.kind === 'canvas');
  if (canvas && canvas.el.width > 0) return { width: canvas.el.width, height: (canvas.el as HTMLCanvasElement).height };
  const r = el.getBoundingClientRect();
  return { width: Math.max(1, Math.round(r.width)), height: Math.max(1, Math.round(r.height)) };
}

function loadImage(url: string): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = url;
  return img.decode().then(() => img);
}

async function composite(sources: Source[], svgs: Map<Source, string>, width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Saving as PNG needs a 2D canvas, which this browser did not give.');
  for (const s of sources) {
    if (s.kind === 'canvas') {
      ctx.drawImage(s.el, 0, 0, width, height);
      continue;
    }
    const url = URL.createObjectURL(new Blob([svgs.get(s)!], { type: 'image/svg+xml' }));
    try {
      ctx.drawImage(await loadImage(url), 0, 0, width, height);
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  return canvas.convertToBlob({ type: 'image/png' });
}

/** Captures `el` (an <svg>, or a container of stacked canvas / svg layers) at an upscale for print. */
export function captureElement(el: Element): Capture {
  const sources = layersOf(el);
  if (sources.length === 0) throw new Error(`Nothing to save: <${el.tagName.toLowerCase()}> holds no canvas or SVG.`);
  const natural = naturalSize(el, sources);
  const scale = exportScale(natural.width);
  const width = Math.round(natural.width * scale);
  const height = Math.round(natural.height * scale);
  const svgs = new Map<Source, string>();
  const layers: Layer[] = sources.map((s) => {
    if (s.kind === 'canvas') return { kind: 'image', href: s.el.toDataURL('image/png') };
    const markup = serializeSvg(s.el as unknown as XmlNode, { styleOf: computed, rootAttrs: { x: '0', y: '0', width: String(width), height: String(height) } });
    svgs.set(s, markup);
    return { kind: 'svg', markup };
  });
  // A lone SVG is its own file; stacked layers go into one SVG of the same size.
  const only = sources.length === 1 && sources[0].kind === 'svg';
  const svg = only ? serializeSvg(el as unknown as XmlNode, { styleOf: computed, rootAttrs: { width: String(width), height: String(height) } }) : stackSvg(width, height, layers);
  return { width, height, svg, png: () => composite(sources, svgs, width, height) };
}

/** Saves a blob under `name` the way a download link does. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

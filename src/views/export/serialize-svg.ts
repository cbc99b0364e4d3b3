/**
 * SVG to a standalone file: the page styles an SVG partly through CSS (class
 * rules, var(--select), vector-effect), which a saved file or an <img> would not see, so each
 * element's computed style is written inline. Pure: it walks anything shaped like a DOM node
 * and asks `styleOf` for computed values, so Node tests drive it with plain objects.
 */

/** The part of a DOM node the serialiser reads (Element and Text satisfy it). */
export interface XmlNode {
  /** 1 element, 3 text, anything else is skipped (comments). */
  nodeType: number;
  /** Element tag as written (SVG keeps its case: linearGradient). */
  nodeName: string;
  nodeValue: string | null;
  attributes?: ArrayLike<{ name: string; value: string }>;
  childNodes: ArrayLike<XmlNode>;
}

/** Computed values of STYLE_PROPS for an element (null: no style information, keep its own style attribute). */
export type StyleOf = (el: XmlNode) => Readonly<Record<string, string>> | null;

interface Prop {
  name: string;
  inherited: boolean;
  /** The value an element has when nothing sets it ('' : always write it at the root). */
  initial: string;
}

/** The properties that change how SVG paints; inherited ones are written only where they change. */
export const STYLE_PROPS: readonly Prop[] = [
  { name: 'fill', inherited: true, initial: 'rgb(0, 0, 0)' },
  { name: 'fill-opacity', inherited: true, initial: '1' },
  { name: 'fill-rule', inherited: true, initial: 'nonzero' },
  { name: 'stroke', inherited: true, initial: 'none' },
  { name: 'stroke-width', inherited: true, initial: '1px' },
  { name: 'stroke-opacity', inherited: true, initial: '1' },
  { name: 'stroke-dasharray', inherited: true, initial: 'none' },
  { name: 'stroke-linecap', inherited: true, initial: 'butt' },
  { name: 'stroke-linejoin', inherited: true, initial: 'miter' },
  { name: 'font-family', inherited: true, initial: '' },
  { name: 'font-size', inherited: true, initial: '' },
  { name: 'font-weight', inherited: true, initial: '400' },
  { name: 'font-style', inherited: true, initial: 'normal' },
  { name: 'text-anchor', inherited: true, initial: 'start' },
  { name: 'dominant-baseline', inherited: true, initial: 'auto' },
  { name: 'letter-spacing', inherited: true, initial: 'normal' },
  { name: 'paint-order', inherited: true, initial: 'normal' },
  { name: 'visibility', inherited: true, initial: 'visible' },
  { name: 'opacity', inherited: false, initial: '1' },
  { name: 'vector-effect', inherited: false, initial: 'none' },
  { name: 'mix-blend-mode', inherited: false, initial: 'normal' },
];

const SVG_NS = 'http://www.w3.org/2000/svg';

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

/** What the element needs inline: values that differ from what it would inherit or start with. */
function inlineStyle(style: Readonly<Record<string, string>>, parent: Readonly<Record<string, string>> | null): string {
  const out: string[] = [];
  for (const p of STYLE_PROPS) {
    const v = style[p.name];
    if (v === undefined || v === '') continue;
    const base = p.inherited && parent ? parent[p.name] : p.initial;
    if (v !== base) out.push(`${p.name}: ${v}`);
  }
  return out.join('; ');
}

function serializeNode(node: XmlNode, styleOf: StyleOf | undefined, parent: Readonly<Record<string, string>> | null, rootAttrs: Record<string, string> | null): string {
  if (node.nodeType === 3) return escapeText(node.nodeValue ?? '');
  if (node.nodeType !== 1) return '';
  const style = styleOf?.(node) ?? null;
  if (style?.display === 'none') return '';
  const attrs = new Map<string, string>();
  for (const a of Array.from(node.attributes ?? [])) {
    // Event handlers never reach the DOM from React, but a hand-written one must not travel.
    if (/^on/i.test(a.name)) continue;
    if (a.name === 'style' && style) continue; // replaced by the computed values below
    attrs.set(a.name, a.value);
  }
  if (style) {
    const inline = inlineStyle(style, parent);
    if (inline) attrs.set('style', inline);
  }
  if (rootAttrs) {
    attrs.set('xmlns', SVG_NS);
    for (const [k, v] of Object.entries(rootAttrs)) attrs.set(k, v);
  }
  const open = `<${node.nodeName}${[...attrs].map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('')}`;
  const children = Array.from(node.childNodes, (c) => serializeNode(c, styleOf, style ?? parent, null)).join('');
  return children === '' ? `${open}/>` : `${open}>${children}</${node.nodeName}>`;
}

/**
 * A standalone SVG document for `root` (an <svg> element). `rootAttrs` set or replace the root's
 * attributes (its width and height in the file, or x/y when it is nested in another SVG).
 */
export function serializeSvg(root: XmlNode, opts: { styleOf?: StyleOf; rootAttrs?: Record<string, string> } = {}): string {
  if (root.nodeType !== 1 || root.nodeName.toLowerCase() !== 'svg') {
    throw new TypeError(`serializeSvg: the root is <${root.nodeName}>, expected an <svg> element`);
  }
  return serializeNode(root, opts.styleOf, null, opts.rootAttrs ?? {});
}

/** The root's drawing size from its viewBox ("minX minY width height"), or null when it has none. */
export function viewBoxSize(viewBox: string | null | undefined): { width: number; height: number } | null {
  if (!viewBox) return null;
  const n = viewBox.trim().split(/[\s,]+/).map(Number);
  if (n.length !== 4 || !n.every(Number.isFinite) || n[2] <= 0 || n[3] <= 0) return null;
  return { width: n[2], height: n[3] };
}

/** A whole-number upscale that makes a saved picture at least `minWidth` pixels wide (a 480 px cloud saves at 960). */
export function exportScale(width: number, minWidth = 900): number {
  return Math.max(1, Math.ceil(minWidth / Math.max(1, width)));
}

/** One picture in an SVG file: a raster (the image the model saw, as a data: URL) or a serialised <svg>. */
export type Layer = { kind: 'image'; href: string } | { kind: 'svg'; markup: string };

/**
 * Layers stacked in one SVG, each stretched over the same width x height box, the way the page
 * stacks the preview canvas and its patch overlay. Nested <svg> layers must already carry
 * x="0" y="0" and this width and height (serializeSvg's rootAttrs).
 */
export function stackSvg(width: number, height: number, layers: readonly Layer[]): string {
  const body = layers
    .map((l) => (l.kind === 'image' ? `<image x="0" y="0" width="${width}" height="${height}" preserveAspectRatio="none" href="${escapeAttr(l.href)}"/>` : l.markup))
    .join('');
  return `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

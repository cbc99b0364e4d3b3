import { describe, expect, it } from 'vitest';
import { exportScale, serializeSvg, stackSvg, viewBoxSize, type XmlNode } from './serialize-svg';

/** A DOM-shaped element with a computed style, the way a browser would report it. */
interface Fake extends XmlNode {
  computed?: Record<string, string>;
}
const el = (nodeName: string, attrs: Record<string, string>, children: Fake[] = [], computed?: Record<string, string>): Fake => ({
  nodeType: 1, nodeName, nodeValue: null, attributes: Object.entries(attrs).map(([name, value]) => ({ name, value })), childNodes: children, computed,
});
const text = (s: string): Fake => ({ nodeType: 3, nodeName: '#text', nodeValue: s, childNodes: [] });
const styleOf = (n: XmlNode) => (n as Fake).computed ?? null;

// A word cloud as the page draws it: fonts set on the root, colour per word, one <text> per word.
const FONT = { 'font-family': 'system-ui, "Segoe UI"', 'font-size': '16px', fill: 'rgb(0, 0, 0)' };
const cloud = el('svg', { class: 'word-cloud', viewBox: '0 0 480 270', role: 'group', 'aria-label': 'Global word cloud', style: 'width: 100%' }, [
  el('g', { transform: 'translate(240,135)' }, [
    el('text', { 'text-anchor': 'middle', transform: 'translate(1,2) rotate(0)', style: 'font-size: 30px', 'data-value': '0.5' }, [el('title', {}, [text('cat & dog: 0.5')]), text('cat & dog')], { ...FONT, 'font-size': '30px', fill: 'rgb(31, 78, 121)', 'text-anchor': 'middle' }),
    el('text', { 'text-anchor': 'middle', onclick: 'steal()' }, [text('<b>')], { ...FONT, 'text-anchor': 'middle' }),
  ], FONT),
  el('rect', { width: '5', height: '5' }, [], { ...FONT, display: 'none' }),
], FONT);

describe('serializeSvg', () => {
  it('writes a standalone SVG: namespace, size, escaped text, one <text> per word', () => {
    const svg = serializeSvg(cloud, { styleOf, rootAttrs: { width: '960', height: '540' } });
    expect(svg.startsWith('<svg class="word-cloud" viewBox="0 0 480 270" role="group" aria-label="Global word cloud" ')).toBe(true);
    expect(svg).toContain(' xmlns="http://www.w3.org/2000/svg" width="960" height="540">');
    expect(svg.match(/<text /g)).toHaveLength(2);
    expect(svg).toContain('>cat &amp; dog</text>');
    expect(svg).toContain('>&lt;b&gt;</text>');
    expect(svg).not.toContain('onclick');
    // display: none elements are not written.
    expect(svg).not.toContain('<rect');
  });

  it('inlines computed styles only where they change what the element inherits', () => {
    const svg = serializeSvg(cloud, { styleOf });
    // The root carries the fonts (no page CSS reaches a saved file); its black fill is the default.
    expect(svg).toContain('style="font-family: system-ui, &quot;Segoe UI&quot;; font-size: 16px"');
    // The <g> inherits everything: no style. The first word changes size and colour.
    expect(svg).toContain('<g transform="translate(240,135)">');
    expect(svg).toContain('style="fill: rgb(31, 78, 121); font-size: 30px; text-anchor: middle"');
    // The original style attributes (width: 100%) are replaced by the computed subset.
    expect(svg).not.toContain('width: 100%');
    expect(svg).toContain('<text text-anchor="middle" style="text-anchor: middle">');
  });

  it('keeps style attributes as written when no computed style is given, and names a wrong root', () => {
    expect(serializeSvg(el('svg', { style: 'fill: red' }, [el('circle', { r: '1' })]))).toBe(
      '<svg style="fill: red" xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>',
    );
    expect(() => serializeSvg(el('div', {}))).toThrow('serializeSvg: the root is <div>, expected an <svg> element');
  });
});

describe('sizes and stacking', () => {
  it('reads viewBox sizes and picks a whole-number upscale', () => {
    expect(viewBoxSize('0 0 480 270')).toEqual({ width: 480, height: 270 });
    expect(viewBoxSize('0,0,16,16')).toEqual({ width: 16, height: 16 });
    expect(viewBoxSize('0 0 0 10')).toBeNull();
    expect(viewBoxSize(null)).toBeNull();
    expect([exportScale(480), exportScale(224), exportScale(640), exportScale(2000)]).toEqual([2, 5, 2, 1]);
  });

  it('stacks a raster under an overlay in one box', () => {
    const overlay = serializeSvg(el('svg', { viewBox: '0 0 2 2', preserveAspectRatio: 'none' }, [el('rect', { x: '0', y: '0', width: '1', height: '1' })]), {
      rootAttrs: { x: '0', y: '0', width: '448', height: '448' },
    });
    expect(stackSvg(448, 448, [{ kind: 'image', href: 'data:image/png;base64,AAA"' }, { kind: 'svg', markup: overlay }])).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="448" height="448" viewBox="0 0 448 448">' +
        '<image x="0" y="0" width="448" height="448" preserveAspectRatio="none" href="data:image/png;base64,AAA&quot;"/>' +
        '<svg viewBox="0 0 2 2" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg" x="0" y="0" width="448" height="448"><rect x="0" y="0" width="1" height="1"/></svg>' +
        '</svg>',
    );
  });
});

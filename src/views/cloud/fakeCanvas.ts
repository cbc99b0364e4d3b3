/**
 * A canvas stand-in for laying out clouds without a browser (tests, Node): text measures
 * 0.6 em per character at whatever px size the context's font names, and reports no ink
 * bounds, so the measurer falls back to ascent 0.8 em and descent 0.2 em. Deterministic.
 */
const ADVANCE_EM = 0.6;

class FakeContext2D {
  font = '10px sans-serif';

  measureText(text: string): { width: number } {
    const m = /(\d+(?:\.\d+)?)px/.exec(this.font);
    if (!m) throw new Error(`fakeCanvas: font "${this.font}" has no px size`);
    return { width: text.length * ADVANCE_EM * Number(m[1]) };
  }
}

export function fakeCanvasFactory(): { getContext(kind: '2d'): FakeContext2D } {
  const ctx = new FakeContext2D();
  return { getContext: () => ctx };
}

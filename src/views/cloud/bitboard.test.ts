import { describe, expect, it } from 'vitest';
import { BitBoard } from './bitboard';

describe('BitBoard', () => {
  it('finds a filled box from any box that shares a pixel, across 32-bit word edges', () => {
    const b = new BitBoard(100, 10);
    b.fill(30, 2, 70, 5); // columns 30..69 span three words
    expect(b.collides(0, 0, 30, 10)).toBe(false); // ends just before
    expect(b.collides(70, 0, 100, 10)).toBe(false); // starts just after
    expect(b.collides(30, 5, 70, 10)).toBe(false); // just below
    expect(b.collides(29, 4, 31, 5)).toBe(true);
    expect(b.collides(69, 2, 70, 3)).toBe(true);
    expect(b.collides(40, 0, 41, 3)).toBe(true);
    expect(b.collides(64, 4, 96, 6)).toBe(true); // the last word alone
  });

  it('keeps full 32-column words exact (no shift by 32)', () => {
    const b = new BitBoard(96, 2);
    b.fill(32, 0, 64, 1);
    expect(b.collides(0, 0, 32, 2)).toBe(false);
    expect(b.collides(64, 0, 96, 2)).toBe(false);
    expect(b.collides(63, 0, 64, 1)).toBe(true);
    expect(b.collides(32, 1, 64, 2)).toBe(false);
  });
});

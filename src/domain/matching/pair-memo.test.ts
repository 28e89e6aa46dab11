import { describe, it, expect } from 'vitest';
import { findPair, keepPair, pairMemo } from './pair-memo.ts';

describe('pairMemo', () => {
  it('finds what it kept, by ordered pair, also after growing', () => {
    const memo = pairMemo();
    for (let x = 0; x < 300; x++) {
      for (let y = 0; y < 20; y++) {
        const found = findPair(memo, x, y * 1000);
        expect(found).toBeLessThan(0);
        keepPair(memo, ~found, x, y * 1000, x + y / 100);
      }
    }
    expect(memo.size).toBe(6000);
    for (let x = 0; x < 300; x++) {
      for (let y = 0; y < 20; y++) expect(memo.slots[findPair(memo, x, y * 1000)]).toBe(x + y / 100);
    }
    expect(findPair(memo, 1000, 1)).toBeLessThan(0);
  });

  it('keeps NaN like any number', () => {
    const memo = pairMemo();
    keepPair(memo, ~findPair(memo, 3, 4), 3, 4, Number.NaN);
    expect(memo.slots[findPair(memo, 3, 4)]).toBeNaN();
    expect(findPair(memo, 4, 3)).toBeLessThan(0);
  });
});

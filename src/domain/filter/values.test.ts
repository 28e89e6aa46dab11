import { describe, expect, it } from 'vitest';
import { seededRandom } from '../predictive/seeded-random.ts';
import { compareText, foldCase } from './values.ts';

// ASCII of both cases, Latin-1, the last units before and after the surrogates, and characters outside the BMP.
const ALPHABET = ['a', 'B', 'z', 'Z', '0', ' ', 'é', 'É', '\u{d7ff}', '\u{e000}', '\u{fffd}', '😀', '𝔸', '\u{10ffff}'];

const strings = (seed: number, count: number): string[] => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(random() * 6) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]!).join(''));
};

describe('text values', () => {
  it('orders text as PostgreSQL\'s C collation orders its UTF-8 bytes', () => {
    const texts = strings(1, 400);
    for (let i = 0; i + 1 < texts.length; i += 1) {
      const [a, b] = [texts[i]!, texts[i + 1]!];
      expect([a, b, Math.sign(compareText(a, b))]).toEqual([a, b, Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)))]);
      expect(compareText(a, a)).toBe(0);
    }
  });

  it('folds ASCII capitals only, the same whether or not the value was just folded', () => {
    for (const text of strings(2, 300)) {
      const expected = [...text].map((c) => (c >= 'A' && c <= 'Z' ? c.toLowerCase() : c)).join('');
      expect(foldCase(text)).toBe(expected);
      expect(foldCase(text)).toBe(expected);
    }
  });
});

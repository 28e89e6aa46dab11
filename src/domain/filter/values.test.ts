import { describe, expect, it } from 'vitest';
import { seededRandom } from '../predictive/seeded-random.ts';
import { compareText, foldCase, INSTANT_PATTERN, isoInstantMs, parseInstant } from './values.ts';

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

describe('instants', () => {
  it('reads toISOString\'s form exactly as the pattern does, impossible days and out-of-range fields included', () => {
    const random = seededRandom(3);
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    const pattern = new RegExp(INSTANT_PATTERN);
    for (let i = 0; i < 5_000; i += 1) {
      const [year, month, day, hour, minute, second, ms] = [999 + Math.floor(random() * 9_100), Math.floor(random() * 14), Math.floor(random() * 33), Math.floor(random() * 25), Math.floor(random() * 61), Math.floor(random() * 61), Math.floor(random() * 1_000)];
      const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}Z`;
      const valid = pattern.test(text) && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
      expect([text, parseInstant(text)]).toEqual([text, valid ? Date.UTC(year, month - 1, day, hour, minute, second, ms) : null]);
    }
    expect(parseInstant('2024-02-29T12:00:00.000Z')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseInstant('2023-02-29T12:00:00.000Z')).toBeNull();
    expect(parseInstant('1900-02-29T00:00:00.000Z')).toBeNull();
    expect(parseInstant('2000-02-29T00:00:00.000Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseInstant('2025-01-01T00:00:00.00xZ')).toBeNull();
    expect(parseInstant('2025-01-01T00:00:00+01:00')).toBe(Date.UTC(2024, 11, 31, 23));
  });
});

describe('isoInstantMs', () => {
  it('reads an instant written as toISOString writes it exactly as Date.parse does', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2_000; i++) {
      const text = new Date(Date.UTC(1000, 0, 1) + Math.floor(random() * (Date.UTC(9999, 11, 31) - Date.UTC(1000, 0, 1)))).toISOString();
      expect(isoInstantMs(text), text).toBe(Date.parse(text));
    }
    expect(isoInstantMs('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
  });

  it('leaves every other text to the general parser', () => {
    for (const text of ['2025-02-30T00:00:00.000Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00.000+00:00', '2025-01-01 00:00:00.000Z', '2025-01-01T24:00:00.000Z', '0999-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000z', '+002025-01-01T00:00:00.000Z']) {
      expect(isoInstantMs(text), text).toBeUndefined();
    }
  });
});

import { describe, it, expect } from 'vitest';
import { jaroWinkler } from './jaro-winkler.ts';

describe('jaroWinkler', () => {
  // Reference values from Winkler (1990) and the usual textbook examples.
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['JONES', 'JOHNSON', 0.832],
    ['ABC', 'ABC', 1],
    ['ABC', 'XYZ', 0],
    ['', 'ABC', 0],
  ])('%s / %s ≈ %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is symmetric and within [0,1]', () => {
    const words = ['smith', 'schmidt', 'smyth', 'hernandez', 'hernandes', 'christopher', 'kristoffer', 'li', 'lee', 'a'];
    for (const a of words) {
      for (const b of words) {
        const s = jaroWinkler(a, b);
        expect(s).toBe(jaroWinkler(b, a));
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }
    }
  });

  it('handles strings longer than its reused buffers', () => {
    const long = 'x'.repeat(200);
    expect(jaroWinkler(long, `${long}y`)).toBeGreaterThan(0.99);
  });
});

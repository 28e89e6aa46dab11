import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundPreservingSum } from './round.ts';

describe('roundPreservingSum', () => {
  it('rounds the total to cents and gives the remaining cent to the largest remainder', () => {
    expect(roundPreservingSum([10 / 3, 10 / 3, 10 / 3])).toEqual({ total: 10, parts: [3.34, 3.33, 3.33] });
    expect(roundPreservingSum([14.2857, 10.7143])).toEqual({ total: 25, parts: [14.29, 10.71] });
  });

  it('keeps parts in cents that add up to the total, whatever the signs', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1000, max: 1000, noNaN: true })), (values) => {
        const { total, parts } = roundPreservingSum(values);
        expect(Math.round(parts.reduce((sum, part) => sum + part, 0) * 100)).toBe(Math.round(total * 100));
        expect(Math.abs(total - values.reduce((sum, value) => sum + value, 0))).toBeLessThanOrEqual(0.005 + 1e-9);
        parts.forEach((part, index) => expect(Math.abs(part - values[index]!)).toBeLessThan(0.01 + 1e-9));
      }),
    );
  });
});

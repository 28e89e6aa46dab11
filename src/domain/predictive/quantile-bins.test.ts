import { describe, expect, it } from 'vitest';
import { binOf, binThresholds } from './quantile-bins.ts';
import { seededRandom } from './seeded-random.ts';

describe('binThresholds', () => {
  it('gives every value its own bin when there are few, cutting halfway between them', () => {
    expect(binThresholds(Float64Array.from([3, 0, 1, 1, 0, 3]), 32)).toEqual([0.5, 2]);
    expect(binThresholds(Float64Array.from([5, 5, 5]), 32)).toEqual([]);
  });

  it('cuts many distinct values into near-equal quantile bins', () => {
    const random = seededRandom(9);
    const column = Float64Array.from({ length: 10_000 }, () => random());
    const cuts = binThresholds(column, 16);
    expect(cuts.length).toBe(15);
    const counts = new Array<number>(16).fill(0);
    for (const value of column) counts[binOf(cuts, value)]! += 1;
    for (const count of counts) expect(Math.abs(count - 625)).toBeLessThanOrEqual(1);
  });

  it('never separates equal values, even when one value fills several quantiles', () => {
    const column = Float64Array.from({ length: 1000 }, (_, i) => (i < 600 ? 0 : i));
    const cuts = binThresholds(column, 10);
    expect(new Set(Array.from(column.subarray(0, 600), (v) => binOf(cuts, v))).size).toBe(1);
    expect(cuts.length).toBeLessThanOrEqual(9);
  });
});

describe('binOf', () => {
  it('puts a value in the first bin whose threshold it does not exceed', () => {
    const cuts = [0.5, 2];
    expect([-1, 0.5, 0.6, 2, 2.1].map((v) => binOf(cuts, v))).toEqual([0, 0, 1, 1, 2]);
  });
});

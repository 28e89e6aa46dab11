// Draws from fixed discrete distributions: precomputed cumulative weights and a binary search, so the hot
// loop that makes millions of rows pays O(log n) per draw.

export type Weighted<T> = { pick: (random: () => number) => T };

export const weighted = <T>(entries: readonly (readonly [T, number])[]): Weighted<T> => {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of entries) cumulative.push((total += weight));
  return {
    pick: (random) => {
      const target = random() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      return entries[lo]![0];
    },
  };
};

/** Ranks 0..n-1 with weight 1/(rank+1)^exponent: a few large companies and a long tail of small ones. */
export const zipfRanks = (n: number, exponent: number): Weighted<number> =>
  weighted(Array.from({ length: n }, (_, rank) => [rank, 1 / (rank + 1) ** exponent] as const));

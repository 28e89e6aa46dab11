// Pre-binning for tree learning: each feature's values are cut at (up to) quantile thresholds, so a split
// search scans a few dozen bins instead of every distinct value.

/**
 * Ascending thresholds that cut a column into at most `maxBins` bins of about equal count. A value goes
 * to bin i when it is <= thresholds[i] (and above the previous one); above them all is the last bin.
 * Thresholds sit halfway between neighbouring observed values, so unseen values in between split evenly.
 */
export const binThresholds = (column: Float64Array, maxBins: number): number[] => {
  // Few distinct values (flags, one-hot columns, small counts): every one gets its own bin, found without a sort.
  const few = distinctUpTo(column, maxBins);
  if (few !== null) return Array.from(few.subarray(1), (value, i) => (few[i]! + value) / 2);
  const sorted = column.slice().sort();
  const n = sorted.length;
  const cuts: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const value = sorted[Math.floor((k * n) / maxBins) - 1];
    if (value !== undefined && value !== cuts.at(-1)) cuts.push(value);
  }
  return cuts.flatMap((cut) => {
    const above = sorted[upperBound(sorted, cut)];
    return above === undefined ? [] : [(cut + above) / 2];
  });
};

/** The distinct values in ascending order, or null as soon as there are more than `limit`. */
const distinctUpTo = (column: Float64Array, limit: number): Float64Array | null => {
  const seen = new Set<number>();
  for (const value of column) {
    seen.add(value);
    if (seen.size > limit) return null;
  }
  return Float64Array.from(seen).sort();
};

/** First index whose value is greater than `value` in an ascending array. */
const upperBound = (sorted: Float64Array, value: number): number => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
};

/** The bin of one value: the first threshold it does not exceed. */
export const binOf = (thresholds: readonly number[], value: number): number => {
  let low = 0;
  let high = thresholds.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (value > thresholds[mid]!) low = mid + 1;
    else high = mid;
  }
  return low;
};

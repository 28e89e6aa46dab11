// A feature matrix turned into bin numbers for tree learning, in two layouts:
// - dense: one Uint8 per cell, row-major, to send rows left or right at a split;
// - sparse: per row, only the cells off their feature's most frequent ("default") bin. Lead data is mostly
//   one-hot groups and event counts that are zero, so histograms built from the sparse cells touch a
//   fraction of the matrix; each default bin is then recovered as the node total minus the other bins.

import type { FeatureMatrix } from './feature-matrix.ts';
import { binOf, binThresholds } from './quantile-bins.ts';

export type BinnedMatrix = {
  rowCount: number;
  columnCount: number;
  /** Stride of one feature's bins in a histogram. */
  maxBins: number;
  bins: Uint8Array;
  thresholds: number[][];
  binCounts: Int32Array;
  defaultBins: Int32Array;
  /** Row i's non-default cells are cells[rowStarts[i] .. rowStarts[i + 1]), each feature × maxBins + bin. */
  rowStarts: Uint32Array;
  cells: Uint32Array;
};

export const binMatrix = (x: FeatureMatrix, maxBins: number): BinnedMatrix => {
  if (maxBins < 2 || maxBins > 256) throw new RangeError(`maxBins must be within 2..256, got ${maxBins}`);
  const { rowCount: n, columnCount: p, values } = x;
  const bins = new Uint8Array(n * p);
  const thresholds: number[][] = [];
  const binCounts = new Int32Array(p);
  const defaultBins = new Int32Array(p);
  const column = new Float64Array(n);
  const frequencies = new Int32Array(maxBins);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) column[i] = values[i * p + j]!;
    const cuts = binThresholds(column, maxBins);
    thresholds.push(cuts);
    binCounts[j] = cuts.length + 1;
    frequencies.fill(0);
    for (let i = 0; i < n; i++) {
      const bin = binOf(cuts, column[i]!);
      bins[i * p + j] = bin;
      frequencies[bin] = frequencies[bin]! + 1;
    }
    defaultBins[j] = frequencies.indexOf(Math.max(...frequencies));
  }
  const rowStarts = new Uint32Array(n + 1);
  let nonDefault = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) if (bins[i * p + j] !== defaultBins[j]) nonDefault += 1;
  }
  const cells = new Uint32Array(nonDefault);
  let k = 0;
  for (let i = 0; i < n; i++) {
    rowStarts[i] = k;
    for (let j = 0; j < p; j++) {
      const bin = bins[i * p + j]!;
      if (bin !== defaultBins[j]) cells[k++] = j * maxBins + bin;
    }
  }
  rowStarts[n] = k;
  return { rowCount: n, columnCount: p, maxBins, bins, thresholds, binCounts, defaultBins, rowStarts, cells };
};

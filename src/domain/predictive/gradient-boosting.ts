// Gradient-boosted decision trees for binary log-loss, grown level by level from gradient/hessian
// histograms over pre-binned features (see binned-matrix.ts). A child's histogram is its parent's minus
// its sibling's: only the smaller child is ever scanned.

import type { FeatureMatrix } from './feature-matrix.ts';
import { sigmoid } from './logistic-regression.ts';
import { binMatrix } from './binned-matrix.ts';

export type GbtOptions = {
  trees?: number;
  maxDepth?: number;
  learningRate?: number;
  /** Bins per feature, at most 256. */
  maxBins?: number;
  minSamplesLeaf?: number;
  /** L2 penalty on leaf values (λ in −G / (H + λ)). */
  l2?: number;
  /** A split must reduce the regularized loss by more than this. */
  minGain?: number;
};

/**
 * One tree as parallel node arrays; node 0 is the root. A leaf has feature −1. Every node, inner ones too,
 * carries the value it would predict as a leaf: the differences along a path explain a prediction.
 */
export type GbtTree = { feature: number[]; threshold: number[]; left: number[]; right: number[]; value: number[] };

export type GbtModel = {
  kind: 'gbt';
  featureNames: string[];
  /** Log-odds of the training positive rate: where every prediction starts. */
  baseScore: number;
  trees: GbtTree[];
  options: Required<GbtOptions>;
};

const DEFAULTS: Required<GbtOptions> = {
  trees: 100,
  maxDepth: 3,
  learningRate: 0.1,
  maxBins: 32,
  minSamplesLeaf: 20,
  l2: 1,
  minGain: 0,
};

// Histogram cell layout: [gradient, hessian, count] per (feature, bin).
const CELL = 3;

type Split = { gain: number; feature: number; bin: number };

type GrowingNode = { id: number; start: number; end: number; gradient: number; hessian: number; histogram: Float64Array };

export const trainGbt = (
  x: FeatureMatrix,
  labels: readonly boolean[],
  featureNames: readonly string[],
  options: GbtOptions = {},
): GbtModel => {
  const settings = { ...DEFAULTS, ...options };
  const { maxDepth, learningRate, minSamplesLeaf, l2, minGain } = settings;
  const maxBins = settings.maxBins;
  const { rowCount: n, columnCount: p } = x;
  if (n === 0) throw new RangeError('gradient boosting needs at least one row');
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} rows`);
  if (maxDepth < 1) throw new RangeError('gradient boosting needs trees of depth 1 or more');
  const { bins, thresholds, binCounts, defaultBins, rowStarts, cells } = binMatrix(x, maxBins);
  const y = Float64Array.from(labels, (label) => (label ? 1 : 0));
  const positiveRate = Math.min(1 - 1e-6, Math.max(1e-6, y.reduce((a, b) => a + b, 0) / n));
  const baseScore = Math.log(positiveRate / (1 - positiveRate));
  const score = new Float64Array(n).fill(baseScore);
  const gradients = new Float64Array(n);
  const hessians = new Float64Array(n);
  const order = new Uint32Array(n);
  const scratch = new Uint32Array(n);
  const histogramSize = p * maxBins * CELL;

  /** The histogram of order[start, end): sparse cells first, then each default bin from the node totals. */
  const buildHistogram = (start: number, end: number, gradient: number, hessian: number): Float64Array => {
    const histogram = new Float64Array(histogramSize);
    for (let i = start; i < end; i++) {
      const row = order[i]!;
      const g = gradients[row]!;
      const h = hessians[row]!;
      const last = rowStarts[row + 1]!;
      for (let k = rowStarts[row]!; k < last; k++) {
        const cell = cells[k]! * CELL;
        histogram[cell] = histogram[cell]! + g;
        histogram[cell + 1] = histogram[cell + 1]! + h;
        histogram[cell + 2] = histogram[cell + 2]! + 1;
      }
    }
    for (let j = 0; j < p; j++) {
      const remainder = [gradient, hessian, end - start];
      for (let b = 0; b < binCounts[j]!; b++) {
        const cell = (j * maxBins + b) * CELL;
        for (let c = 0; c < CELL; c++) remainder[c] = remainder[c]! - histogram[cell + c]!;
      }
      const cell = (j * maxBins + defaultBins[j]!) * CELL;
      for (let c = 0; c < CELL; c++) histogram[cell + c] = remainder[c]!;
    }
    return histogram;
  };

  const leafValue = (gradient: number, hessian: number): number => (-gradient / (hessian + l2)) * learningRate;

  const bestSplit = (node: GrowingNode): Split | null => {
    const { gradient: g, hessian: h, histogram } = node;
    const count = node.end - node.start;
    const parentScore = (g * g) / (h + l2);
    let best: Split | null = null;
    for (let j = 0; j < p; j++) {
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < binCounts[j]! - 1; b++) {
        const cell = (j * maxBins + b) * CELL;
        gl += histogram[cell]!;
        hl += histogram[cell + 1]!;
        cl += histogram[cell + 2]!;
        const cr = count - cl;
        if (cl < minSamplesLeaf) continue;
        if (cr < minSamplesLeaf) break;
        const gr = g - gl;
        const hr = h - hl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
        // Strictly greater: ties keep the first feature and bin, so training is deterministic.
        if (gain > minGain && (best === null || gain > best.gain)) best = { gain, feature: j, bin: b };
      }
    }
    return best;
  };

  /** Stable in-place partition of order[start, end) by the split; returns where the right side begins. */
  const partition = (start: number, end: number, feature: number, bin: number): number => {
    let left = start;
    let right = 0;
    for (let i = start; i < end; i++) {
      const row = order[i]!;
      if (bins[row * p + feature]! <= bin) order[left++] = row;
      else scratch[right++] = row;
    }
    order.set(scratch.subarray(0, right), left);
    return left;
  };

  const growTree = (): GbtTree => {
    const tree: GbtTree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const addNode = (gradient: number, hessian: number): number => {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(leafValue(gradient, hessian));
      return tree.value.length - 1;
    };
    const leaves: { id: number; start: number; end: number }[] = [];
    let totalGradient = 0;
    let totalHessian = 0;
    for (let i = 0; i < n; i++) {
      totalGradient += gradients[i]!;
      totalHessian += hessians[i]!;
    }
    const rootId = addNode(totalGradient, totalHessian);
    let level: GrowingNode[] = [
      { id: rootId, start: 0, end: n, gradient: totalGradient, hessian: totalHessian, histogram: buildHistogram(0, n, totalGradient, totalHessian) },
    ];
    for (let depth = 0; depth < maxDepth; depth++) {
      const next: GrowingNode[] = [];
      for (const node of level) {
        const split = bestSplit(node);
        if (split === null) {
          leaves.push(node);
          continue;
        }
        const middle = partition(node.start, node.end, split.feature, split.bin);
        const leftStats = sumBins(node.histogram, split.feature, split.bin, maxBins);
        const right = { gradient: node.gradient - leftStats.gradient, hessian: node.hessian - leftStats.hessian };
        const leftId = addNode(leftStats.gradient, leftStats.hessian);
        const rightId = addNode(right.gradient, right.hessian);
        tree.feature[node.id] = split.feature;
        tree.threshold[node.id] = thresholds[split.feature]![split.bin]!;
        tree.left[node.id] = leftId;
        tree.right[node.id] = rightId;
        const leftNode = { id: leftId, start: node.start, end: middle, ...leftStats };
        const rightNode = { id: rightId, start: middle, end: node.end, ...right };
        if (depth + 1 === maxDepth) {
          leaves.push(leftNode, rightNode);
          continue;
        }
        const leftSmaller = middle - node.start <= node.end - middle;
        const small = leftSmaller ? leftNode : rightNode;
        const smallHistogram = buildHistogram(small.start, small.end, small.gradient, small.hessian);
        const largeHistogram = node.histogram;
        for (let k = 0; k < histogramSize; k++) largeHistogram[k] = largeHistogram[k]! - smallHistogram[k]!;
        next.push(
          { ...leftNode, histogram: leftSmaller ? smallHistogram : largeHistogram },
          { ...rightNode, histogram: leftSmaller ? largeHistogram : smallHistogram },
        );
      }
      level = next;
    }
    leaves.push(...level);
    for (const leaf of leaves) {
      const value = tree.value[leaf.id]!;
      for (let i = leaf.start; i < leaf.end; i++) score[order[i]!] = score[order[i]!]! + value;
    }
    return tree;
  };

  const trees: GbtTree[] = [];
  for (let t = 0; t < settings.trees; t++) {
    for (let i = 0; i < n; i++) {
      // Rows in index order keep each tree's histogram scans walking memory forward.
      order[i] = i;
      const probability = sigmoid(score[i]!);
      gradients[i] = probability - y[i]!;
      hessians[i] = Math.max(probability * (1 - probability), 1e-16);
    }
    trees.push(growTree());
  }
  return { kind: 'gbt', featureNames: [...featureNames], baseScore, trees, options: settings };
};

const sumBins = (histogram: Float64Array, feature: number, lastBin: number, maxBins: number) => {
  let gradient = 0;
  let hessian = 0;
  for (let b = 0; b <= lastBin; b++) {
    const cell = (feature * maxBins + b) * CELL;
    gradient += histogram[cell]!;
    hessian += histogram[cell + 1]!;
  }
  return { gradient, hessian };
};

const leafOf = (tree: GbtTree, row: ArrayLike<number>): number => {
  let node = 0;
  while (tree.feature[node]! >= 0) node = row[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return node;
};

export const gbtLogOdds = (model: GbtModel, row: ArrayLike<number>): number =>
  model.trees.reduce((sum, tree) => sum + tree.value[leafOf(tree, row)]!, model.baseScore);

export const predictGbt = (model: GbtModel, row: ArrayLike<number>): number => sigmoid(gbtLogOdds(model, row));

/**
 * Path attribution (Saabas): along each tree's path, the change in node value at a split is credited to
 * the split's feature. `bias` (base score plus every root value) + Σ contributions = the log-odds.
 */
export const gbtContributions = (model: GbtModel, row: ArrayLike<number>): { bias: number; contributions: Float64Array } => {
  const contributions = new Float64Array(model.featureNames.length);
  let bias = model.baseScore;
  for (const tree of model.trees) {
    let node = 0;
    bias += tree.value[0]!;
    while (tree.feature[node]! >= 0) {
      const feature = tree.feature[node]!;
      const child = row[feature]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      contributions[feature] = contributions[feature]! + tree.value[child]! - tree.value[node]!;
      node = child;
    }
  }
  return { bias, contributions };
};

// How good a probability model is, measured on rows it was not trained on.

export type ConfusionCounts = { truePositives: number; falsePositives: number; falseNegatives: number; trueNegatives: number };

export type CalibrationBin = {
  bin: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
  minPredicted: number;
  maxPredicted: number;
};

const requireSameLength = (scores: ArrayLike<number>, labels: readonly boolean[]): void => {
  if (scores.length !== labels.length) throw new RangeError(`${scores.length} scores for ${labels.length} labels`);
};

/**
 * Area under the ROC curve, exactly: the Mann–Whitney statistic with tied scores given their average rank
 * (a tie between a positive and a negative counts one half). Needs at least one positive and one negative.
 */
export const auc = (scores: ArrayLike<number>, labels: readonly boolean[]): number => {
  requireSameLength(scores, labels);
  const n = labels.length;
  const positives = labels.filter(Boolean).length;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) throw new RangeError('AUC needs at least one positive and one negative');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end += 1;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (labels[order[k]!]) positiveRankSum += averageRank;
    start = end;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
};

/** A row is predicted positive when its score is at or above the threshold. */
export const confusionAt = (scores: ArrayLike<number>, labels: readonly boolean[], threshold: number): ConfusionCounts => {
  requireSameLength(scores, labels);
  const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  labels.forEach((label, i) => {
    const predicted = scores[i]! >= threshold;
    if (predicted && label) counts.truePositives += 1;
    else if (predicted) counts.falsePositives += 1;
    else if (label) counts.falseNegatives += 1;
    else counts.trueNegatives += 1;
  });
  return counts;
};

/** Precision and recall at a threshold; each is 0 when its denominator is (nothing predicted, nothing to find). */
export const precisionRecall = (
  scores: ArrayLike<number>,
  labels: readonly boolean[],
  threshold: number,
): { precision: number; recall: number } => {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusionAt(scores, labels, threshold);
  return { precision: tp + fp === 0 ? 0 : tp / (tp + fp), recall: tp + fn === 0 ? 0 : tp / (tp + fn) };
};

/**
 * The threshold (one of the scores) with the best F1. Meant for training rows: choosing it on the held-out
 * rows would flatter the precision and recall reported there.
 */
export const bestF1Threshold = (scores: ArrayLike<number>, labels: readonly boolean[]): number => {
  requireSameLength(scores, labels);
  const positives = labels.filter(Boolean).length;
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let best = { f1: -1, threshold: Number.POSITIVE_INFINITY };
  let truePositives = 0;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]!]) truePositives += 1;
    const score = scores[order[k]!]!;
    // Rows tied with the next one are predicted together: evaluate only at the end of a run of ties.
    if (k + 1 < order.length && scores[order[k + 1]!] === score) continue;
    const f1 = (2 * truePositives) / (k + 1 + positives);
    if (f1 > best.f1) best = { f1, threshold: score };
  }
  return best.threshold;
};

/**
 * Calibration by quantile of the prediction: rows sorted by score (ties by position) are cut into `bins`
 * groups of near-equal size; each reports its mean prediction against its observed positive rate.
 * Empty groups (fewer rows than bins) are left out, so the counts always add up to the rows.
 */
export const calibrationTable = (scores: ArrayLike<number>, labels: readonly boolean[], bins = 10): CalibrationBin[] => {
  requireSameLength(scores, labels);
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const table: CalibrationBin[] = [];
  for (let bin = 0; bin < bins; bin++) {
    const members = order.slice(Math.floor((bin * n) / bins), Math.floor(((bin + 1) * n) / bins));
    if (members.length === 0) continue;
    const predicted = members.map((i) => scores[i]!);
    table.push({
      bin: bin + 1,
      count: members.length,
      meanPredicted: predicted.reduce((a, b) => a + b, 0) / members.length,
      observedRate: members.filter((i) => labels[i]).length / members.length,
      minPredicted: predicted[0]!,
      maxPredicted: predicted.at(-1)!,
    });
  }
  return table;
};

/** Mean negative log-likelihood; probabilities are clipped to [1e-15, 1 − 1e-15] so one certainty is not infinite. */
export const logLoss = (probabilities: ArrayLike<number>, labels: readonly boolean[]): number => {
  requireSameLength(probabilities, labels);
  if (labels.length === 0) throw new RangeError('log-loss needs at least one row');
  const eps = 1e-15;
  let total = 0;
  labels.forEach((label, i) => {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]!));
    total -= label ? Math.log(p) : Math.log(1 - p);
  });
  return total / labels.length;
};

/** FNV-1a over the UTF-16 code units, finished with murmur3's avalanche so nearby ids spread evenly. */
const hash32 = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/**
 * The held-out side of a seeded split, decided by the contact id alone: the same contact lands on the same
 * side whatever the row order or the other rows, so a retrained model is never tested on what it learned.
 */
export const isHeldOut = (contactId: string, seed: number, testFraction: number): boolean =>
  hash32(`${seed}:${contactId}`) / 4294967296 < testFraction;

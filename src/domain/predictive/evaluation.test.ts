import { describe, expect, it } from 'vitest';
import { auc, bestF1Threshold, calibrationTable, confusionAt, isHeldOut, logLoss, precisionRecall } from './evaluation.ts';
import { seededRandom } from './seeded-random.ts';

const bools = (bits: number[]): boolean[] => bits.map((bit) => bit === 1);

/** AUC by definition: the share of (positive, negative) pairs ranked right, ties counting one half. */
const pairwiseAuc = (scores: number[], labels: boolean[]): number => {
  let wins = 0;
  let pairs = 0;
  labels.forEach((positive, i) => {
    if (!positive) return;
    labels.forEach((negative, j) => {
      if (negative) return;
      pairs += 1;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return wins / pairs;
};

describe('auc', () => {
  it('counts correctly ordered positive/negative pairs', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], bools([0, 0, 1, 1]))).toBe(0.75);
    expect(auc([0.1, 0.2, 0.3, 0.4], bools([0, 0, 1, 1]))).toBe(1);
    expect(auc([0.4, 0.3, 0.2, 0.1], bools([0, 0, 1, 1]))).toBe(0);
  });

  it('gives a tie between a positive and a negative half a pair', () => {
    // pairs: 0.5+ vs 0.2- = 1, 0.5+ vs 0.5- = 1/2, 0.9+ vs both = 2 → 3.5 of 4
    expect(auc([0.2, 0.5, 0.5, 0.9], bools([0, 0, 1, 1]))).toBe(0.875);
    expect(auc([0.5, 0.5, 0.5, 0.5], bools([0, 1, 0, 1]))).toBe(0.5);
  });

  it('matches the pairwise definition on random scores with many ties', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 20; trial++) {
      const scores = Array.from({ length: 60 }, () => Math.round(random() * 8) / 8);
      const labels = scores.map((score) => random() < 0.2 + 0.6 * score);
      labels[0] = true;
      labels[1] = false;
      expect(auc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12);
    }
  });

  it('is undefined without both outcomes', () => {
    expect(() => auc([0.1, 0.2], bools([1, 1]))).toThrow(RangeError);
  });
});

describe('precision and recall', () => {
  it('predicts positive at or above the threshold', () => {
    const scores = [0.9, 0.8, 0.5, 0.3, 0.2];
    const labels = bools([1, 0, 1, 1, 0]);
    expect(confusionAt(scores, labels, 0.5)).toEqual({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 1 });
    expect(precisionRecall(scores, labels, 0.5)).toEqual({ precision: 2 / 3, recall: 2 / 3 });
    expect(precisionRecall(scores, labels, 0.95)).toEqual({ precision: 0, recall: 0 });
  });

  it('picks the best-F1 threshold among the scores', () => {
    // 0.9 → F1 2·1/(1+3) = 0.5; 0.8 → 2·1/(2+3) = 0.4; 0.6 → 2·3/(4+3) = 0.857; 0.1 → 2·3/(5+3) = 0.75
    expect(bestF1Threshold([0.9, 0.8, 0.6, 0.6, 0.1], bools([1, 0, 1, 1, 0]))).toBe(0.6);
  });

  it('never splits tied scores: a threshold predicts all of them or none', () => {
    // Counting the tied positive alone would claim F1 = 1 at 0.5; all three tied rows give 2·2/(4+2).
    expect(bestF1Threshold([0.9, 0.5, 0.5, 0.5], bools([1, 1, 0, 0]))).toBe(0.9);
  });
});

describe('calibrationTable', () => {
  it('cuts rows sorted by prediction into equal groups of mean prediction vs observed rate', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9];
    const labels = bools([0, 0, 1, 0, 1, 0, 1, 1]);
    const [low, high] = calibrationTable(scores, labels, 2);
    expect(low).toMatchObject({ bin: 1, count: 4, observedRate: 0.25, minPredicted: 0.1, maxPredicted: 0.4 });
    expect(high).toMatchObject({ bin: 2, count: 4, observedRate: 0.75, minPredicted: 0.6, maxPredicted: 0.9 });
    expect(low!.meanPredicted).toBeCloseTo(0.25, 12);
    expect(high!.meanPredicted).toBeCloseTo(0.75, 12);
  });

  it('accounts for every row, leaving out empty deciles', () => {
    const random = seededRandom(5);
    for (const n of [7, 10, 23, 1000]) {
      const scores = Array.from({ length: n }, () => random());
      const table = calibrationTable(scores, scores.map((s) => random() < s));
      expect(table.reduce((sum, bin) => sum + bin.count, 0)).toBe(n);
      expect(table.length).toBe(Math.min(10, n));
    }
  });
});

describe('logLoss', () => {
  it('is the mean negative log-likelihood, finite even for a confident mistake', () => {
    expect(logLoss([0.5, 0.5], bools([1, 0]))).toBeCloseTo(Math.LN2, 15);
    expect(logLoss([0.8, 0.25], bools([1, 0]))).toBeCloseTo(-(Math.log(0.8) + Math.log(0.75)) / 2, 15);
    expect(logLoss([0], bools([1]))).toBeCloseTo(-Math.log(1e-15), 6);
  });
});

describe('isHeldOut', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `contact-${i}`);

  it('holds out about the asked share, the same contacts for the same seed', () => {
    const heldOut = ids.filter((id) => isHeldOut(id, 42, 0.25));
    expect(heldOut.length / ids.length).toBeGreaterThan(0.24);
    expect(heldOut.length / ids.length).toBeLessThan(0.26);
    expect(ids.filter((id) => isHeldOut(id, 42, 0.25))).toEqual(heldOut);
  });

  it('holds out other contacts under another seed', () => {
    const a = new Set(ids.filter((id) => isHeldOut(id, 1, 0.25)));
    const overlap = ids.filter((id) => isHeldOut(id, 2, 0.25) && a.has(id)).length / a.size;
    expect(overlap).toBeGreaterThan(0.2);
    expect(overlap).toBeLessThan(0.3);
  });
});

import { describe, expect, it } from 'vitest';
import { auc } from './evaluation.ts';
import { matrixFromRows } from './feature-matrix.ts';
import { gbtContributions, gbtLogOdds, predictGbt, trainGbt } from './gradient-boosting.ts';
import { predictLogistic, trainLogistic } from './logistic-regression.ts';
import { gaussian, seededRandom } from './seeded-random.ts';

const xorData = (count: number, seed: number) => {
  const random = seededRandom(seed);
  const rows = Array.from({ length: count }, () => [2 * random() - 1, 2 * random() - 1, gaussian(random)]);
  // The label follows the sign of x·y (flipped 10% of the time): no single feature says anything alone.
  const labels = rows.map(([x, y]) => (x! * y! > 0) !== random() < 0.1);
  return { x: matrixFromRows(rows, 3), rows, labels };
};

const names = ['x', 'y', 'noise'];

describe('trainGbt', () => {
  it('learns XOR-like data that logistic regression cannot', () => {
    const train = xorData(4000, 1);
    const test = xorData(2000, 2);
    const gbt = trainGbt(train.x, train.labels, names, { trees: 60, maxDepth: 3 });
    const logistic = trainLogistic(train.x, train.labels, names);
    const gbtAuc = auc(test.rows.map((row) => predictGbt(gbt, row)), test.labels);
    const logisticAuc = auc(test.rows.map((row) => predictLogistic(logistic, row)), test.labels);
    expect(gbtAuc).toBeGreaterThan(0.85);
    expect(logisticAuc).toBeLessThan(0.6);
  });

  it('finds an exact step with a single split', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i]);
    const labels = rows.map(([v]) => v! >= 60);
    const model = trainGbt(matrixFromRows(rows, 1), labels, ['v'], { trees: 1, maxDepth: 1, maxBins: 128, minSamplesLeaf: 5 });
    const [tree] = model.trees;
    expect(tree!.feature[0]).toBe(0);
    expect(tree!.threshold[0]).toBe(59.5);
    expect(predictGbt(model, [10])).toBeLessThan(predictGbt(model, [59]) + 1e-12);
    expect(predictGbt(model, [60])).toBeGreaterThan(predictGbt(model, [59]));
  });

  it('starts from the log-odds of the base rate and leaves no leaf smaller than minSamplesLeaf', () => {
    const { x, rows, labels } = xorData(1000, 3);
    const model = trainGbt(x, labels, names, { trees: 5, maxDepth: 4, minSamplesLeaf: 50 });
    const rate = labels.filter(Boolean).length / labels.length;
    expect(model.baseScore).toBeCloseTo(Math.log(rate / (1 - rate)), 12);
    for (const tree of model.trees) {
      const leafSizes = new Map<number, number>();
      for (const row of rows) {
        let node = 0;
        while (tree.feature[node]! >= 0) node = row[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
        leafSizes.set(node, (leafSizes.get(node) ?? 0) + 1);
      }
      for (const size of leafSizes.values()) expect(size).toBeGreaterThanOrEqual(50);
    }
  });

  it('explains each prediction by path attribution: bias + Σ contributions is the log-odds', () => {
    const { x, rows, labels } = xorData(2000, 4);
    const model = trainGbt(x, labels, names, { trees: 30 });
    for (const row of rows.slice(0, 50)) {
      const { bias, contributions } = gbtContributions(model, row);
      expect(contributions.reduce((sum, c) => sum + c, bias)).toBeCloseTo(gbtLogOdds(model, row), 9);
    }
    // the pure-noise feature moves predictions far less than the two that carry the signal
    const mean = (j: number) => rows.reduce((sum, row) => sum + Math.abs(gbtContributions(model, row).contributions[j]!), 0);
    expect(mean(2)).toBeLessThan(mean(0) / 3);
    expect(mean(2)).toBeLessThan(mean(1) / 3);
  });

  it('is deterministic and serializes to JSON', () => {
    const { x, rows, labels } = xorData(1500, 5);
    const a = trainGbt(x, labels, names, { trees: 10 });
    const b = trainGbt(x, labels, names, { trees: 10 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const copy = JSON.parse(JSON.stringify(a)) as typeof a;
    for (const row of rows.slice(0, 10)) expect(predictGbt(copy, row)).toBe(predictGbt(a, row));
  });
});

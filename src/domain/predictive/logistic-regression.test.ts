import { describe, expect, it } from 'vitest';
import { auc } from './evaluation.ts';
import { matrixFromRows } from './feature-matrix.ts';
import { logisticContributions, predictLogistic, rawCoefficients, trainLogistic } from './logistic-regression.ts';
import { gaussian, seededRandom } from './seeded-random.ts';

const logit = (p: number): number => Math.log(p / (1 - p));

describe('trainLogistic', () => {
  it('matches the hand-computed maximum-likelihood fit of one binary feature', () => {
    // x = 0: 1 of 4 positive; x = 1: 3 of 4 positive. The unpenalized MLE reproduces both rates:
    // intercept = logit(1/4) = −ln 3, coefficient = logit(3/4) − logit(1/4) = 2 ln 3.
    const xs = [0, 0, 0, 0, 1, 1, 1, 1];
    const labels = [true, false, false, false, true, true, true, false];
    const model = trainLogistic(matrixFromRows(xs.map((x) => [x]), 1), labels, ['x'], { l2: 0 });
    const { intercept, coefficients } = rawCoefficients(model);
    expect(intercept).toBeCloseTo(-Math.log(3), 9);
    expect(coefficients[0]).toBeCloseTo(2 * Math.log(3), 9);
    expect(predictLogistic(model, [0])).toBeCloseTo(0.25, 9);
    expect(predictLogistic(model, [1])).toBeCloseTo(0.75, 9);
  });

  it('recovers known coefficients from generated data, whatever the features’ scales', () => {
    const random = seededRandom(1);
    const truth = { intercept: -0.5, coefficients: [1, -0.6, 0.5] };
    const rows = Array.from({ length: 20_000 }, () => [gaussian(random), 5 + 3 * gaussian(random), random() < 0.3 ? 1 : 0]);
    const labels = rows.map(
      (row) => random() < 1 / (1 + Math.exp(-(truth.intercept + row.reduce((z, x, j) => z + truth.coefficients[j]! * (j === 1 ? x - 5 : x), 0)))),
    );
    const model = trainLogistic(matrixFromRows(rows, 3), labels, ['a', 'b', 'c'], { l2: 0 });
    const fitted = rawCoefficients(model);
    // the true intercept in raw units absorbs the centring of b: −0.5 − (−0.6 × 5) = 2.5
    expect(fitted.intercept).toBeCloseTo(2.5, 0);
    fitted.coefficients.forEach((c, j) => expect(Math.abs(c - truth.coefficients[j]!)).toBeLessThan(0.08));
  });

  it('shrinks weights toward zero as the L2 penalty grows', () => {
    const random = seededRandom(2);
    const rows = Array.from({ length: 2000 }, () => [gaussian(random)]);
    const labels = rows.map(([x]) => random() < 1 / (1 + Math.exp(-2 * x!)));
    const weight = (l2: number) => trainLogistic(matrixFromRows(rows, 1), labels, ['x'], { l2 }).weights[0]!;
    expect(weight(0)).toBeGreaterThan(weight(0.1));
    expect(weight(0.1)).toBeGreaterThan(weight(1));
    expect(weight(1)).toBeGreaterThan(0);
  });

  it('stays finite on perfectly separable data thanks to the penalty', () => {
    const rows = [[-2], [-1], [1], [2]];
    const model = trainLogistic(matrixFromRows(rows, 1), [false, false, true, true], ['x'], { l2: 0.01 });
    expect(Number.isFinite(model.weights[0])).toBe(true);
    expect(predictLogistic(model, [2])).toBeGreaterThan(0.9);
  });

  it('gives a constant feature no weight and no contribution', () => {
    const random = seededRandom(3);
    const rows = Array.from({ length: 500 }, () => [gaussian(random), 7]);
    const labels = rows.map(([x]) => random() < 1 / (1 + Math.exp(-x!)));
    const model = trainLogistic(matrixFromRows(rows, 2), labels, ['x', 'constant'], { l2: 0 });
    expect(model.scale[1]).toBe(0);
    expect(model.weights[1]).toBe(0);
    expect(logisticContributions(model, [1, 7])[1]).toBe(0);
  });

  it('explains each prediction: intercept + Σ contributions is the log-odds', () => {
    const random = seededRandom(4);
    const rows = Array.from({ length: 1000 }, () => [gaussian(random), gaussian(random)]);
    const labels = rows.map(([a, b]) => random() < 1 / (1 + Math.exp(-(a! - b!))));
    const model = trainLogistic(matrixFromRows(rows, 2), labels, ['a', 'b']);
    for (const row of rows.slice(0, 20)) {
      const contributions = logisticContributions(model, row);
      expect(contributions.reduce((sum, c) => sum + c, model.intercept)).toBeCloseTo(logit(predictLogistic(model, row)), 9);
    }
    expect(auc(rows.map((row) => predictLogistic(model, row)), labels)).toBeGreaterThan(0.75);
  });

  it('serializes to JSON and predicts the same after a round trip', () => {
    const random = seededRandom(5);
    const rows = Array.from({ length: 300 }, () => [gaussian(random), random()]);
    const labels = rows.map(([a]) => random() < 1 / (1 + Math.exp(-a!)));
    const model = trainLogistic(matrixFromRows(rows, 2), labels, ['a', 'b']);
    const copy = JSON.parse(JSON.stringify(model)) as typeof model;
    for (const row of rows.slice(0, 10)) expect(predictLogistic(copy, row)).toBe(predictLogistic(model, row));
  });
});

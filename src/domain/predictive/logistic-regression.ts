// L2-regularized logistic regression, fitted by Newton's method on standardized features.
// Newton (with a backtracking line search) converges in a handful of exact steps for tens of features,
// and its result does not depend on a learning rate or on row order.

import type { FeatureMatrix } from './feature-matrix.ts';

export type LogisticOptions = {
  /** Penalty on the standardized weights (not the intercept), relative to the mean log-loss. */
  l2?: number;
  maxIterations?: number;
  /** Stop once no Newton step moves a (standardized) parameter by more than this. */
  tolerance?: number;
};

export type LogisticModel = {
  kind: 'logistic';
  featureNames: string[];
  /** Standardization: z = (x - mean) / scale; a constant feature has scale 0 and no weight. */
  mean: number[];
  scale: number[];
  intercept: number;
  weights: number[];
  l2: number;
  iterations: number;
};

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** log(1 + e^z) without overflow. */
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

const standardization = (x: FeatureMatrix): { mean: number[]; scale: number[] } => {
  const { rowCount: n, columnCount: p, values } = x;
  const mean = new Array<number>(p).fill(0);
  const scale = new Array<number>(p).fill(0);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[i * p + j]!;
    const m = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (values[i * p + j]! - m) ** 2;
    mean[j] = m;
    scale[j] = Math.sqrt(squares / n);
  }
  return { mean, scale };
};

/** Solves A v = b for a symmetric positive definite A (row-major, d×d) by Cholesky; null if A is not. */
const choleskySolve = (a: Float64Array, b: Float64Array, d: number): Float64Array | null => {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * d + i] = Math.sqrt(sum);
      } else l[i * d + j] = sum / l[j * d + j]!;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * d + k]! * y[k]!;
    y[i] = sum / l[i * d + i]!;
  }
  const v = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * v[k]!;
    v[i] = sum / l[i * d + i]!;
  }
  return v;
};

export const trainLogistic = (
  x: FeatureMatrix,
  labels: readonly boolean[],
  featureNames: readonly string[],
  options: LogisticOptions = {},
): LogisticModel => {
  const l2 = options.l2 ?? 1e-4;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const { rowCount: n, columnCount: p } = x;
  if (n === 0) throw new RangeError('logistic regression needs at least one row');
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} rows`);
  const { mean, scale } = standardization(x);
  const active = scale.flatMap((s, j) => (s > 0 ? [j] : []));
  // Design matrix over the intercept and the non-constant standardized columns.
  const d = active.length + 1;
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    z[i * d] = 1;
    active.forEach((j, k) => {
      z[i * d + k + 1] = (x.values[i * p + j]! - mean[j]!) / scale[j]!;
    });
  }
  const y = Float64Array.from(labels, (label) => (label ? 1 : 0));

  const margins = (beta: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += z[i * d + k]! * beta[k]!;
      out[i] = sum;
    }
    return out;
  };
  const objective = (beta: Float64Array): number => {
    const m = margins(beta);
    let loss = 0;
    for (let i = 0; i < n; i++) loss += softplus(m[i]!) - y[i]! * m[i]!;
    let penalty = 0;
    for (let k = 1; k < d; k++) penalty += beta[k]! ** 2;
    return loss / n + (l2 / 2) * penalty;
  };

  const positiveRate = Math.min(1 - 1e-6, Math.max(1e-6, y.reduce((a, b) => a + b, 0) / n));
  let beta = new Float64Array(d);
  beta[0] = Math.log(positiveRate / (1 - positiveRate));
  let current = objective(beta);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations += 1;
    const m = margins(beta);
    const gradient = new Float64Array(d);
    const hessian = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const probability = sigmoid(m[i]!);
      const residual = probability - y[i]!;
      const weight = probability * (1 - probability);
      const row = i * d;
      for (let a = 0; a < d; a++) {
        const za = z[row + a]!;
        gradient[a] = gradient[a]! + residual * za;
        const wa = weight * za;
        for (let b = a; b < d; b++) hessian[a * d + b] = hessian[a * d + b]! + wa * z[row + b]!;
      }
    }
    for (let a = 0; a < d; a++) {
      gradient[a] = gradient[a]! / n + (a > 0 ? l2 * beta[a]! : 0);
      for (let b = a; b < d; b++) {
        const value = hessian[a * d + b]! / n + (a === b && a > 0 ? l2 : 0);
        hessian[a * d + b] = value;
        hessian[b * d + a] = value;
      }
    }
    const step = solveWithJitter(hessian, gradient, d);
    // This close to the optimum the quadratic model is exact to rounding: take the full step and stop.
    if (step.every((s) => Math.abs(s) <= tolerance)) {
      beta = beta.map((b, k) => b - step[k]!);
      break;
    }
    const decrement = step.reduce((sum, s, k) => sum + s * gradient[k]!, 0);
    // Backtracking (Armijo) keeps every step a descent even far from the optimum.
    let t = 1;
    let next = beta.map((b, k) => b - t * step[k]!);
    let value = objective(next);
    while (value > current - 1e-4 * t * decrement && t > 1e-10) {
      t /= 2;
      next = beta.map((b, k) => b - t * step[k]!);
      value = objective(next);
    }
    if (!(value < current)) break;
    beta = next;
    current = value;
  }

  const weights = new Array<number>(p).fill(0);
  active.forEach((j, k) => {
    weights[j] = beta[k + 1]!;
  });
  return { kind: 'logistic', featureNames: [...featureNames], mean, scale, intercept: beta[0]!, weights, l2, iterations };
};

// Without a penalty, collinear columns (e.g. a complete one-hot group) make the Hessian singular;
// a tiny ridge picks one of the equivalent solutions instead of failing.
const solveWithJitter = (hessian: Float64Array, gradient: Float64Array, d: number): Float64Array => {
  let trace = 0;
  for (let k = 0; k < d; k++) trace += hessian[k * d + k]!;
  for (let attempt = 0, jitter = 0; attempt < 8; attempt++, jitter = jitter === 0 ? (1e-12 * trace) / d : jitter * 100) {
    const a = hessian.slice();
    for (let k = 0; k < d; k++) a[k * d + k] = a[k * d + k]! + jitter;
    const solution = choleskySolve(a, gradient, d);
    if (solution !== null) return solution;
  }
  throw new RangeError('logistic regression: the Hessian is not positive definite');
};

/** Each feature's share of the log-odds: weight × standardized value (0 for a feature at its mean). */
export const logisticContributions = (model: LogisticModel, row: ArrayLike<number>): Float64Array =>
  Float64Array.from(model.weights, (w, j) => (model.scale[j]! > 0 ? (w * (row[j]! - model.mean[j]!)) / model.scale[j]! : 0));

export const predictLogistic = (model: LogisticModel, row: ArrayLike<number>): number =>
  sigmoid(logisticContributions(model, row).reduce((sum, c) => sum + c, model.intercept));

/** The model in the features' own units: log-odds = intercept + Σ coefficient × x. */
export const rawCoefficients = (model: LogisticModel): { intercept: number; coefficients: number[] } => {
  const coefficients = model.weights.map((w, j) => (model.scale[j]! > 0 ? w / model.scale[j]! : 0));
  const intercept = coefficients.reduce((sum, c, j) => sum - c * model.mean[j]!, model.intercept);
  return { intercept, coefficients };
};

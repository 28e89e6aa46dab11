import type { ValueUnit } from './journey.ts';

const largestRemainder = (units: bigint, weights: readonly bigint[], total: bigint): bigint[] => {
  const floors = weights.map((weight) => (units * weight) / total);
  const left = Number(units - floors.reduce((sum, share) => sum + share, 0n));
  // Exact integer remainders, ties to the earlier touch: the same input always splits the same way.
  const ranked = weights
    .map((weight, index) => ({ index, remainder: (units * weight) % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const bumped = new Set(ranked.slice(0, left).map(({ index }) => index));
  return floors.map((share, index) => (bumped.has(index) ? share + 1n : share));
};

/**
 * Splits a non-negative `value` in proportion to non-negative integer `weights`. In `minor_units`
 * every share is an integer and the shares sum exactly to the value (largest remainder method, in
 * exact integer arithmetic); in `count` the shares are fractions.
 */
export const apportion = (value: number, weights: readonly bigint[], unit: ValueUnit): number[] => {
  const total = weights.reduce((sum, weight) => sum + weight, 0n);
  if (total <= 0n || weights.some((weight) => weight < 0n)) throw new RangeError('weights must be non-negative with a positive sum');
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`value must be finite and non-negative, got ${value}`);
  if (unit === 'count') return weights.map((weight) => (value * Number(weight)) / Number(total));
  if (!Number.isSafeInteger(value)) throw new RangeError(`a minor_units value must be a safe integer, got ${value}`);
  return largestRemainder(BigInt(value), weights, total).map(Number);
};

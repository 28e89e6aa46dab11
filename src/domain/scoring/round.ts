// Scores are rounded to cents once, at the end. The explanation's lines are rounded so that they add
// up exactly to the rounded score (largest remainder), never drifting by a cent.

export const roundPoints = (value: number): number => Math.round(value * 100) / 100;

/** The whole cents of the values' sum, as roundPreservingSum totals them. */
const totalCents = (values: readonly number[]): number => {
  let cents = 0;
  for (const value of values) cents += value * 100;
  return Math.round(cents);
};

/** roundPreservingSum's total alone. */
export const roundedTotal = (values: readonly number[]): number => totalCents(values) / 100 + 0;

/** Rounds each value to cents so that the rounded parts sum exactly to the rounded total. */
export const roundPreservingSum = (values: readonly number[]): { total: number; parts: number[] } => {
  const cents = values.map((value) => value * 100);
  const floors = cents.map(Math.floor);
  const target = totalCents(values);
  const missing = target - floors.reduce((sum, value) => sum + value, 0);
  const byRemainder = cents
    .map((value, index) => ({ index, remainder: value - floors[index]! }))
    .sort((a, b) => b.remainder - a.remainder);
  const bumped = new Set(byRemainder.slice(0, Math.max(0, missing)).map((entry) => entry.index));
  // `+ 0` turns a negative zero into zero.
  return { total: target / 100 + 0, parts: floors.map((floor, index) => (floor + (bumped.has(index) ? 1 : 0)) / 100 + 0) };
};

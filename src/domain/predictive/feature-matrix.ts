// Rows of features packed row-major in one typed array: what the learners train on.

export type FeatureMatrix = { rowCount: number; columnCount: number; values: Float64Array };

export const matrixFromRows = (rows: readonly ArrayLike<number>[], columnCount: number): FeatureMatrix => {
  const values = new Float64Array(rows.length * columnCount);
  rows.forEach((row, i) => {
    if (row.length !== columnCount) throw new RangeError(`row ${i} has ${row.length} features, expected ${columnCount}`);
    // NaN would silently poison every sum the learners take.
    if (!Array.prototype.every.call(row, Number.isFinite)) throw new RangeError(`row ${i} has a value that is not a finite number`);
    values.set(row, i * columnCount);
  });
  return { rowCount: rows.length, columnCount, values };
};

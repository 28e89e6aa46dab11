import { describe, expect, it } from 'vitest';
import { matrixFromRows } from './feature-matrix.ts';

describe('matrixFromRows', () => {
  it('packs rows row-major', () => {
    const matrix = matrixFromRows([[1, 2], [3, 4]], 2);
    expect(Array.from(matrix.values)).toEqual([1, 2, 3, 4]);
    expect(matrix).toMatchObject({ rowCount: 2, columnCount: 2 });
  });

  it('refuses ragged rows and values that are not finite numbers', () => {
    expect(() => matrixFromRows([[1, 2], [3]], 2)).toThrow(/row 1 has 1 features/);
    expect(() => matrixFromRows([[1, Number.NaN]], 2)).toThrow(/not a finite number/);
  });
});

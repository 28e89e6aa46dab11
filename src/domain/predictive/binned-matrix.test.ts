import { describe, expect, it } from 'vitest';
import { binMatrix } from './binned-matrix.ts';
import { matrixFromRows } from './feature-matrix.ts';

describe('binMatrix', () => {
  it('keeps only the cells off each feature’s most frequent bin, and they rebuild the dense bins', () => {
    const rows = [
      [0, 5, 1],
      [0, 7, 0],
      [1, 5, 0],
      [0, 9, 0],
    ];
    const binned = binMatrix(matrixFromRows(rows, 3), 8);
    expect(Array.from(binned.defaultBins)).toEqual([0, 0, 0]);
    expect(Array.from(binned.bins)).toEqual([0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 2, 0]);
    const rebuilt = new Uint8Array(rows.length * 3);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < 3; j++) rebuilt[i * 3 + j] = binned.defaultBins[j]!;
      for (let k = binned.rowStarts[i]!; k < binned.rowStarts[i + 1]!; k++) {
        const cell = binned.cells[k]!;
        rebuilt[i * 3 + Math.floor(cell / binned.maxBins)] = cell % binned.maxBins;
      }
    }
    expect(rebuilt).toEqual(binned.bins);
    expect(binned.cells.length).toBe(4);
  });
});

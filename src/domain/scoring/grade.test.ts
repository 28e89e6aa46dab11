import { describe, expect, it } from 'vitest';
import { gradeOf } from './grade.ts';

const thresholds = { fitA: 60, fitB: 40, engagement1: 60, engagement2: 30 };

describe('grade', () => {
  it('is the fit letter then the engagement digit, each threshold inclusive', () => {
    expect(gradeOf(60, 60, thresholds)).toBe('A1');
    expect(gradeOf(59.99, 59.99, thresholds)).toBe('B2');
    expect(gradeOf(40, 30, thresholds)).toBe('B2');
    expect(gradeOf(39.99, 29.99, thresholds)).toBe('C3');
  });

  it('puts negative scores in the lowest grade', () => {
    expect(gradeOf(-10, -5, thresholds)).toBe('C3');
  });
});

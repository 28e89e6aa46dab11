// The combined grade: fit letter (A best) + engagement digit (1 = most engaged), e.g. "A1", "C3".

import type { GradeThresholds } from './scoring-model.ts';

export const fitLetter = (fit: number, grade: GradeThresholds): 'A' | 'B' | 'C' =>
  fit >= grade.fitA ? 'A' : fit >= grade.fitB ? 'B' : 'C';

export const engagementDigit = (engagement: number, grade: GradeThresholds): '1' | '2' | '3' =>
  engagement >= grade.engagement1 ? '1' : engagement >= grade.engagement2 ? '2' : '3';

export const gradeOf = (fit: number, engagement: number, grade: GradeThresholds): string =>
  `${fitLetter(fit, grade)}${engagementDigit(engagement, grade)}`;

import { describe, expect, it } from 'vitest';
import { isoInstant } from './iso-instant.ts';

describe('isoInstant', () => {
  it('writes what Date#toISOString writes, across days, leap days and fractional milliseconds', () => {
    for (const ms of [0, 1, 999, 86_399_999, Date.parse('2024-02-29T23:59:59.999Z'), Date.parse('2025-06-01T12:34:56.789Z'), 1_735_689_600_123.7]) {
      expect(isoInstant(ms)).toBe(new Date(Math.floor(ms)).toISOString());
    }
  });
});

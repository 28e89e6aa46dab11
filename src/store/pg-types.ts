// Both drivers must hand back the same JavaScript values for the same SQL types.
// pg returns int8 and numeric as strings and dates as local-time Date objects; we want numbers and ISO dates.

import { dateTimeDigits, digitsAt } from '../domain/digits.ts';

export const INT8_OID = 20;
export const NUMERIC_OID = 1700;
export const DATE_OID = 1082;

export const parseInt8 = (value: string): number => Number(value);
export const parseNumeric = (value: string): number => Number(value);
export const parseDate = (value: string): string => value;

export const TIMESTAMPTZ_OID = 1184;

/**
 * A timestamptz as PostgreSQL writes it in the ISO DateStyle, `2025-06-01 09:30:00.123456+00` (the offset may
 * be `+05:30`), read by position: every record read has two or three of these per row, and this is several
 * times faster than pg's general parser. Anything else (BC, infinity, a year before 100 or past 9999, an
 * offset with seconds) is not read here: the result is null and the caller uses the general parser. Like it,
 * this keeps whole milliseconds and drops the rest.
 */
export const readIsoTimestamptz = (text: string): Date | null => {
  if (text.length < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const { year, month, day, hour, minute, second } = dateTimeDigits(text);
  if (year < 100 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return null;
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    let end = at + 1;
    while (end < text.length && end - at <= 6 && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end === at + 1) return null;
    const msDigits = Math.min(end - at - 1, 3);
    ms = digitsAt(text, at + 1, at + 1 + msDigits) * (msDigits === 1 ? 100 : msDigits === 2 ? 10 : 1);
    at = end;
  }
  const sign = text.charCodeAt(at);
  if (sign !== 43 && sign !== 45) return null;
  const offsetHours = digitsAt(text, at + 1, at + 3);
  let offsetMinutes = 0;
  if (text.length === at + 6 && text.charCodeAt(at + 3) === 58) offsetMinutes = digitsAt(text, at + 4, at + 6);
  else if (text.length !== at + 3) return null;
  if (offsetHours < 0 || offsetMinutes < 0) return null;
  const offsetMs = (sign === 43 ? 1 : -1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs);
};

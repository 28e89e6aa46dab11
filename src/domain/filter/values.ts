// How a stored value reads as text, a number, a boolean or an instant. The predicate applies these rules in
// JavaScript; the SQL compiler applies the same rules in SQL and reuses the patterns below, so both sides
// accept exactly the same strings.

import { dateTimeDigits, digitsAt } from '../digits.ts';
import type { RelativeDuration } from './filter.ts';

/** Where a value lives: a typed column (text, number, timestamp) or an untyped JSON property. */
export type Storage = 'text' | 'number' | 'instant' | 'json';

/** What a condition compares as. */
export type ValueKind = 'text' | 'number' | 'boolean' | 'instant';

/** A number written as text: optional minus, digits, optional fraction. No exponent, no spaces. */
export const NUMERIC_PATTERN = '^-?[0-9]{1,100}([.][0-9]{1,100})?$';

/**
 * The date and date-time strings both sides read as instants: ISO 8601 calendar dates from year 1000, an
 * optional time to the millisecond and an optional offset (none means UTC; a bare date is midnight UTC).
 * Written in the subset of regex syntax that PostgreSQL and JavaScript read alike.
 */
export const INSTANT_PATTERN =
  '^([1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' +
  '([T ]([01][0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9])([.]([0-9]{1,3}))?)?' +
  '(Z|([+-])([01][0-9]|2[0-3])(:?([0-5][0-9]))?)?)?$';

const numeric = new RegExp(NUMERIC_PATTERN);
const instant = new RegExp(INSTANT_PATTERN);

const hasAsciiUpper = (text: string): boolean => {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 65 && unit <= 90) return true;
  }
  return false;
};

// The step folds the same value once per rule that reads it (a job title against every title rule): the last
// answer is kept.
let lastFolded = { text: '', folded: '' };

/** Case folding for comparisons: ASCII letters only, which is what PostgreSQL's `lower()` does under the C collation. */
export const foldCase = (text: string): string => {
  if (text === lastFolded.text) return lastFolded.folded;
  const folded = hasAsciiUpper(text) ? text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) : text;
  lastFolded = { text, folded };
  return folded;
};

const compareCodePoints = (a: string, b: string): number => {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
};

/**
 * Orders strings by code point, as PostgreSQL's C collation orders UTF-8 bytes. Only the sign of the answer
 * means something. UTF-16 units below the surrogates order as their code points, so they are compared as they
 * are; from the first differing unit that is a surrogate or above, the rest is compared by code point.
 */
export const compareText = (a: string, b: string): number => {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    return x < 0xd800 && y < 0xd800 ? x - y : compareCodePoints(a.slice(i), b.slice(i));
  }
  return a.length - b.length;
};

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The days of a month (1–12) of the proleptic Gregorian calendar. */
export const daysInMonth = (year: number, month: number): number => (month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!);

/**
 * The instant of `YYYY-MM-DDTHH:MM:SS.sssZ` (toISOString's form: every stored event time) read without the
 * pattern, or undefined when `text` is not exactly that form with values INSTANT_PATTERN allows.
 */
const canonicalInstant = (text: string): number | null | undefined => {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 /* Z */) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.') return undefined;
  const { year, month, day, hour, minute, second } = dateTimeDigits(text);
  const millis = digitsAt(text, 20, 23);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (second < 0 || second > 59 || millis < 0) return undefined;
  if (day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
};

/**
 * Epoch milliseconds of `text` when it is exactly an instant as toISOString writes it (`YYYY-MM-DDTHH:MM:SS.sssZ`, a
 * real day, year 1000 on): what Date.parse gives for it, without the engine's general parser. Undefined otherwise.
 */
export const isoInstantMs = (text: string): number | undefined => canonicalInstant(text) ?? undefined;

/** Epoch milliseconds of a string in INSTANT_PATTERN form, or null (including impossible days like 02-30). */
export const parseInstant = (text: string): number | null => {
  const canonical = canonicalInstant(text);
  if (canonical !== undefined) return canonical;
  const match = instant.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes] = [
    1, 2, 3, 5, 6, 8, 10, 12, 13, 15,
  ].map((group) => match[group]);
  if (Number(day) > daysInMonth(Number(year), Number(month))) return null;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes ?? 0)) : 0;
  return (
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour ?? 0),
      Number(minute ?? 0),
      Number(second ?? 0),
      Number((fraction ?? '').padEnd(3, '0')),
    ) -
    offset * 60_000
  );
};

/** A bare date (no time of day): as the upper end of a range it covers its whole day. */
export const isBareDate = (text: string): boolean => text.length === 10;

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

/**
 * The instant a span before `now`. Months are calendar months in UTC; a day past the end of the target month
 * falls back to its last day (31 March minus one month is 29 February), as PostgreSQL's interval arithmetic does.
 */
export const spanStart = (now: number, span: RelativeDuration): number => {
  if (span.unit !== 'months') return now - span.amount * UNIT_MS[span.unit];
  const start = new Date(now);
  const months = start.getUTCFullYear() * 12 + start.getUTCMonth() - span.amount;
  const year = Math.floor(months / 12);
  const month = months - year * 12;
  start.setUTCFullYear(year, month, Math.min(start.getUTCDate(), daysInMonth(year, month + 1)));
  return start.getTime();
};

/** The number a numeric string spells, or null. */
export const readNumericText = (text: string): number | null => (numeric.test(text) ? Number(text) : null);

/** "true" / "false" in any case, or null. */
export const readBooleanText = (text: string): boolean | null => {
  const folded = foldCase(text);
  return folded === 'true' ? true : folded === 'false' ? false : null;
};

/** Text is a non-empty string held as text; an empty string is no value. Numbers and timestamps are not text. */
export const readText = (storage: Storage, raw: unknown): string | null =>
  (storage === 'text' || storage === 'json') && typeof raw === 'string' && raw !== '' ? foldCase(raw) : null;

/** A number, or a numeric string in a JSON property (so imported "250" compares as 250). */
export const readNumber = (storage: Storage, raw: unknown): number | null => {
  if ((storage === 'number' || storage === 'json') && typeof raw === 'number') return raw;
  return storage === 'json' && typeof raw === 'string' ? readNumericText(raw) : null;
};

/** A JSON boolean, or the text "true" / "false" in any case. */
export const readBoolean = (storage: Storage, raw: unknown): boolean | null => {
  if (storage !== 'json') return null;
  return typeof raw === 'boolean' ? raw : typeof raw === 'string' ? readBooleanText(raw) : null;
};

/**
 * An instant in epoch milliseconds. A timestamp column always holds one, so its value is read leniently;
 * text is read only in INSTANT_PATTERN form.
 */
export const readInstant = (storage: Storage, raw: unknown): number | null => {
  if (typeof raw !== 'string') return null;
  if (storage === 'instant') {
    const at = parseInstant(raw) ?? Date.parse(raw);
    return Number.isFinite(at) ? at : null;
  }
  return storage === 'text' || storage === 'json' ? parseInstant(raw) : null;
};

export const readValue = (kind: ValueKind, storage: Storage, raw: unknown): string | number | boolean | null => {
  switch (kind) {
    case 'text':
      return readText(storage, raw);
    case 'number':
      return readNumber(storage, raw);
    case 'boolean':
      return readBoolean(storage, raw);
    case 'instant':
      return readInstant(storage, raw);
  }
};

/** Whether a value is there at all: null, a missing key and the empty string are no value. */
export const isPresent = (storage: Storage, raw: unknown): boolean =>
  raw !== undefined && raw !== null && !((storage === 'text' || storage === 'json') && raw === '');

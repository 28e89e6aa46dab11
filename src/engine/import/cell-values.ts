// Reading CSV cells as typed values. Every reader returns null for text it cannot read, so the
// caller can reject the row with the column and the raw text.

import { checkCustomProperties } from '../custom-properties.ts';
import type { PropertyDefinition } from '../../store/property-definitions.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// Exports write "2024-03-05 14:30" (HubSpot) or ISO 8601; without a zone we read UTC, not the server's zone.
const ZONELESS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An instant as ISO 8601 UTC, from a date, a zoneless or zoned date-time, or epoch milliseconds. */
export const readInstant = (text: string): string | null => {
  let ms = Number.NaN;
  if (DATE_ONLY.test(text)) ms = Date.parse(`${text}T00:00:00Z`);
  else if (ZONELESS.test(text)) ms = Date.parse(text.replace(ZONELESS, '$1T$2Z'));
  else if (ZONED.test(text)) ms = Date.parse(text);
  else if (/^\d{12,13}$/.test(text)) ms = Number(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};

/** A calendar date (YYYY-MM-DD) from any form readInstant reads. */
export const readDate = (text: string): string | null => readInstant(text)?.slice(0, 10) ?? null;

/** A number as written in exports: thousands separators and a currency sign allowed. */
export const readNumber = (text: string): number | null => {
  const cleaned = text.replace(/[\s,$€£]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
};

/** Money in a file is in major units ("1,250.50"); we store integer minor units. */
export const readMinorUnits = (text: string): number | null => {
  const n = readNumber(text);
  return n === null ? null : Math.round(n * 100);
};

const readBoolean = (text: string): boolean | null => {
  const lower = text.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(lower)) return true;
  if (['false', 'no', 'n', '0'].includes(lower)) return false;
  return null;
};

const convert = (def: PropertyDefinition, text: string): unknown => {
  switch (def.type) {
    case 'number':
      return readNumber(text) ?? text;
    case 'boolean':
      return readBoolean(text) ?? text;
    case 'date':
      return readDate(text) ?? text;
    case 'datetime':
      return readInstant(text) ?? text;
    case 'multi_enum':
      return text.split(';').map((v) => v.trim()).filter((v) => v !== '');
    case 'string':
    case 'enum':
      return text;
  }
};

/** Custom property cells as typed values, checked against the registry like API input; problems name the column. */
export const readCustomProperties = (
  cells: Readonly<Record<string, string>>,
  definitions: readonly PropertyDefinition[],
): { values: Record<string, unknown>; problems: string[] } => {
  const values: Record<string, unknown> = {};
  for (const def of definitions) {
    const text = cells[`properties.${def.name}`];
    if (text !== undefined) values[def.name] = convert(def, text);
  }
  // Most rows of most files set none: nothing to check.
  if (Object.keys(values).length === 0) return { values, problems: [] };
  const problems = checkCustomProperties(values, [...definitions]).map((p) => `${p.field} ${p.message}`);
  return { values, problems };
};

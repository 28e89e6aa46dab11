import type { MatchComparator, MatchConfig } from './match-config.ts';
import { emailParts, foldCityName, foldCompanyName, foldText, phoneDigits, phoneticCodes } from './similarity.ts';
import type { EmailParts } from './similarity.ts';

/** Anything with an id and fields: a Contact, or a contact joined with its company's name. */
export type MatchRecord = { readonly id: string; readonly [field: string]: unknown };

/** A field value in the form its comparator works on, computed once per record rather than per pair. */
export type PreparedValue =
  | { comparator: 'jaro_winkler' | 'exact' | 'company' | 'city'; text: string }
  | { comparator: 'phonetic'; codes: readonly [string, string] }
  | { comparator: 'email'; parts: EmailParts }
  | { comparator: 'phone'; digits: string };

export type PreparedRecord = {
  id: string;
  /** One entry per `config.fields` entry; null where the record has no usable value. */
  values: readonly (PreparedValue | null)[];
  /**
   * The same with the swappable fields read from each other (the firstName entry holds the
   * lastName value); empty when the config swaps nothing.
   */
  swappedValues: readonly (PreparedValue | null)[];
};

// A scan reads a handful of paths millions of times: each is split once.
const pathKeys = new Map<string, readonly string[]>();

/** A field by name or dotted path (`properties.linkedinUrl`), as text; null when absent or blank. */
export function fieldText(record: MatchRecord, path: string): string | null {
  let keys = pathKeys.get(path);
  if (keys === undefined) {
    keys = path.split('.');
    pathKeys.set(path, keys);
  }
  let value: unknown = record;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function prepareValue(raw: string | null, comparator: MatchComparator): PreparedValue | null {
  if (raw === null) return null;
  switch (comparator) {
    case 'jaro_winkler':
    case 'exact': {
      const text = foldText(raw);
      return text === '' ? null : { comparator, text };
    }
    case 'company': {
      const text = foldCompanyName(raw);
      return text === '' ? null : { comparator, text };
    }
    case 'city': {
      const text = foldCityName(raw);
      return text === '' ? null : { comparator, text };
    }
    case 'phonetic': {
      const codes = phoneticCodes(raw);
      return codes[0] === '' ? null : { comparator, codes };
    }
    case 'email': {
      const parts = emailParts(raw);
      return parts === null ? null : { comparator, parts };
    }
    case 'phone': {
      const digits = phoneDigits(raw);
      return digits.length < 7 ? null : { comparator, digits };
    }
  }
}

/** The field a swappable field is read from when the pair is read crossed; null for other fields. */
export function swapPartner(field: string, swappable: MatchConfig['swappable']): string | null {
  if (swappable === undefined) return null;
  if (field === swappable[0]) return swappable[1];
  if (field === swappable[1]) return swappable[0];
  return null;
}

export type PrepareValue = (raw: string | null, comparator: MatchComparator) => PreparedValue | null;

/** `prepare` lets a scan pass a memoized `prepareValue`, since names and companies repeat across records. */
export function prepareRecord(record: MatchRecord, config: MatchConfig, prepare: PrepareValue = prepareValue): PreparedRecord {
  const values = config.fields.map((f) => prepare(fieldText(record, f.field), f.comparator));
  const swappedValues = config.swappable === undefined
    ? []
    : config.fields.map((f, i) => {
        const partner = swapPartner(f.field, config.swappable);
        return partner === null ? (values[i] ?? null) : prepare(fieldText(record, partner), f.comparator);
      });
  return { id: record.id, values, swappedValues };
}

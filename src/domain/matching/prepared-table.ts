import type { MatchComparator, MatchConfig } from './match-config.ts';
import { findPair, keepPair, pairMemo } from './pair-memo.ts';
import type { PairMemo } from './pair-memo.ts';
import { prepareValue, swapPartner } from './prepared-record.ts';
import type { MatchRecord, PreparedRecord, PreparedValue, PrepareValue } from './prepared-record.ts';
import { perRecord } from './text-columns.ts';
import type { TextColumns } from './text-columns.ts';
import { emailSimilarity, phoneSimilarity, phoneticSimilarity, stretchedJaroWinkler } from './similarity.ts';

/** Similarity in [0,1], or null when the two values say nothing about each other. */
function compareValues(a: PreparedValue, b: PreparedValue, floor: number): number | null {
  switch (a.comparator) {
    case 'jaro_winkler':
    case 'company':
    case 'city':
      return b.comparator === a.comparator ? stretchedJaroWinkler(a.text, b.text, floor) : 0;
    case 'exact':
      return b.comparator === 'exact' && a.text === b.text ? 1 : 0;
    case 'phonetic':
      return b.comparator === 'phonetic' ? phoneticSimilarity(a.codes, b.codes) : 0;
    case 'email':
      return b.comparator === 'email' ? emailSimilarity(a.parts, b.parts) : 0;
    case 'phone':
      return b.comparator === 'phone' ? phoneSimilarity(a.digits, b.digits) : 0;
  }
}

const SHARED: ReadonlySet<MatchComparator> = new Set(['jaro_winkler', 'phonetic', 'company', 'city']);

/**
 * Whether a comparator's values are shared by many people: names, companies, cities. A table keeps
 * their similarities per pair of distinct values, so each is computed once however often the values
 * meet. An address or a number belongs to one person; remembering its comparisons would only grow.
 */
export function isShared(comparator: MatchComparator): boolean {
  return SHARED.has(comparator);
}

/** The distinct values one comparator has seen, numbered, and what is known of their similarities. */
type ValueSet = {
  values: PreparedValue[];
  ids: Map<string, number>;
  /** Similarities of value x to value y once computed (NaN for none); null when not kept (see `isShared`). */
  similarities: PairMemo | null;
};

/**
 * Prepared records as rows of value ids, the form a scan scores in: a pair of records reads two
 * short rows of numbers rather than two records' objects, and a similarity of shared values (see
 * `isShared`) is computed once per pair of distinct values however often they meet.
 */
export type PreparedTable = {
  config: MatchConfig;
  recordIds: string[];
  /** Cells per row: the straight values of `config.fields`, then (with `swappable`) the swapped ones. */
  width: number;
  /** Value ids, row after row; -1 where a record has no usable value. */
  cells: Int32Array;
  /** Per `config.fields` entry, the value set it numbers its values in (one per comparator). */
  valueSets: ValueSet[];
};

/** What a value is compared on: two values with the same content compare alike. */
function contentOf(value: PreparedValue): string {
  switch (value.comparator) {
    case 'jaro_winkler':
    case 'exact':
    case 'company':
    case 'city':
      return value.text;
    case 'phonetic':
      return `${value.codes[0]} ${value.codes[1]}`;
    case 'email':
      return value.parts.key;
    case 'phone':
      return value.digits;
  }
}

function numbered(set: ValueSet, value: PreparedValue | null | undefined): number {
  if (value === null || value === undefined) return -1;
  const content = contentOf(value);
  let id = set.ids.get(content);
  if (id === undefined) {
    id = set.values.length;
    set.values.push(value);
    set.ids.set(content, id);
  }
  return id;
}

/** A table of the records with no values yet. */
function emptyTable(recordIds: string[], config: MatchConfig): PreparedTable {
  const width = config.swappable === undefined ? config.fields.length : 2 * config.fields.length;
  const byComparator = new Map<MatchComparator, ValueSet>();
  const valueSets = config.fields.map((f) => {
    let set = byComparator.get(f.comparator);
    if (set === undefined) {
      set = { values: [], ids: new Map(), similarities: isShared(f.comparator) ? pairMemo() : null };
      byComparator.set(f.comparator, set);
    }
    return set;
  });
  return { config, recordIds, width, cells: new Int32Array(recordIds.length * width).fill(-1), valueSets };
}

/** The table of prepared records, in order; equal values (`SMITH`, `Smith`) get one number. */
export function preparedTable(records: readonly PreparedRecord[], config: MatchConfig): PreparedTable {
  const table = emptyTable(records.map((r) => r.id), config);
  const fields = config.fields.length;
  records.forEach((record, row) => {
    for (let i = 0; i < fields; i++) {
      const set = table.valueSets[i] as ValueSet;
      table.cells[row * table.width + i] = numbered(set, record.values[i]);
      if (table.width > fields) table.cells[row * table.width + fields + i] = numbered(set, record.swappedValues[i]);
    }
  });
  return table;
}

/**
 * The same table read through the records' text columns (as `prepareRecord` would read them):
 * each distinct text of a field is prepared and numbered once, and a row only looks its numbers up.
 */
export function preparedTableOfColumns(records: readonly MatchRecord[], config: MatchConfig, columns: TextColumns, prepare: PrepareValue = prepareValue): PreparedTable {
  const table = emptyTable(records.map((r) => r.id), config);
  const fields = config.fields.length;
  const fill = (cell: number, path: string): void => {
    const { comparator } = config.fields[cell % fields]!;
    const set = table.valueSets[cell % fields] as ValueSet;
    const numbers = perRecord(columns(path), (text) => numbered(set, prepare(text, comparator)));
    numbers.forEach((number, row) => (table.cells[row * table.width + cell] = number));
  };
  config.fields.forEach((f, i) => {
    fill(i, f.field);
    if (table.width > fields) fill(fields + i, swapPartner(f.field, config.swappable) ?? f.field);
  });
  return table;
}

/** The similarity of values x and y of field `field` of the table (see `compareValues`); NaN for none. */
export function fieldSimilarity(table: PreparedTable, field: number, x: number, y: number): number {
  // One number, one content: every comparator finds a value identical to itself (a pair sharing a
  // surname, a company, a city is the commonest case, and needs no lookup).
  if (x === y) return 1;
  const set = table.valueSets[field] as ValueSet;
  const memo = set.similarities;
  if (memo === null) return similarityOf(table, set, x, y);
  const found = findPair(memo, x, y);
  if (found >= 0) return memo.slots[found] as number;
  const similarity = similarityOf(table, set, x, y);
  keepPair(memo, ~found, x, y, similarity);
  return similarity;
}

function similarityOf(table: PreparedTable, set: ValueSet, x: number, y: number): number {
  return compareValues(set.values[x] as PreparedValue, set.values[y] as PreparedValue, table.config.jaroWinklerFloor) ?? Number.NaN;
}

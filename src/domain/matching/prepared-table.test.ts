import { describe, it, expect } from 'vitest';
import { DEFAULT_MATCH_CONFIG } from './match-config.ts';
import { prepareRecord } from './prepared-record.ts';
import { fieldSimilarity, preparedTable } from './prepared-table.ts';

const config = DEFAULT_MATCH_CONFIG;
const field = (name: string, comparator: string) => config.fields.findIndex((f) => f.field === name && f.comparator === comparator);
const table = preparedTable(
  [
    { id: 'a', firstName: 'John', lastName: 'Smith', email: 'john@acme.com' },
    { id: 'b', firstName: 'JOHN', lastName: 'Smyth' },
    { id: 'c', firstName: 'Smith', lastName: 'Jon', email: 'John@Acme.com' },
  ].map((r) => prepareRecord(r, config)),
  config,
);
const cell = (row: number, index: number, swapped = false) => table.cells[row * table.width + (swapped ? config.fields.length : 0) + index]!;

describe('preparedTable', () => {
  it('gives equal values one number, and -1 where a record has none', () => {
    expect(table.recordIds).toEqual(['a', 'b', 'c']);
    expect(cell(0, field('firstName', 'jaro_winkler'))).toBe(cell(1, field('firstName', 'jaro_winkler')));
    expect(cell(0, field('email', 'email'))).toBe(cell(2, field('email', 'email')));
    expect(cell(1, field('email', 'email'))).toBe(-1);
  });

  it('numbers first and last names in one set, so a swapped name meets its straight form', () => {
    const first = field('firstName', 'jaro_winkler');
    const last = field('lastName', 'jaro_winkler');
    // c is "Smith Jon": read swapped, its last name is a's.
    expect(cell(2, first)).toBe(cell(0, last));
    expect(cell(2, last, true)).toBe(cell(0, last));
  });

  it('compares values by their numbers, the same however often it is asked', () => {
    const last = field('lastName', 'jaro_winkler');
    const smith = cell(0, last);
    const smyth = cell(1, last);
    const once = fieldSimilarity(table, last, smith, smyth);
    expect(once).toBeGreaterThan(0.5);
    expect(once).toBeLessThan(1);
    expect(fieldSimilarity(table, last, smith, smyth)).toBe(once);
    expect(fieldSimilarity(table, last, smith, smith)).toBe(1);
    expect(fieldSimilarity(table, field('email', 'email'), cell(0, field('email', 'email')), cell(2, field('email', 'email')))).toBe(1);
  });

  it('relies on every comparator finding a value identical to itself', () => {
    const record = { id: 'x', firstName: 'Zoë', lastName: "O'Brien", email: 'Zoe.OBrien+crm@gmail.com', phone: '+44 20 7946 0958', company: 'Acme, Inc.', city: 'St. Louis' };
    const custom = { ...config, fields: [...config.fields, { field: 'firstName', comparator: 'exact' as const, weight: 1 }] };
    const prepared = prepareRecord(record, custom);
    const copies = preparedTable([prepared, prepareRecord({ ...record, id: 'y' }, custom)], custom);
    custom.fields.forEach((f, i) => {
      const x = copies.cells[i]!;
      expect(copies.cells[copies.width + i]).toBe(x);
      expect(x).toBeGreaterThanOrEqual(0);
      // The same value under a second number is compared for real, not by the shortcut.
      const set = copies.valueSets[i]!;
      set.values.push(set.values[x]!);
      expect(fieldSimilarity(copies, i, x, set.values.length - 1)).toBe(1);
    });
  });
});

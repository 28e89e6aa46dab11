import { describe, it, expect } from 'vitest';
import { scorePair, scorePrepared, scoreRows } from './score-pair.ts';
import { prepareRecord } from './prepared-record.ts';
import { preparedTableOfColumns } from './prepared-table.ts';
import { textColumns } from './text-columns.ts';
import { generatePopulation } from './synthetic-people.ts';
import { DEFAULT_MATCH_CONFIG } from './match-config.ts';
import type { MatchConfig } from './match-config.ts';

const john = {
  id: 'a', firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.com', phone: '+1 415 555 0132', company: 'Acme Corp', city: 'Boston',
};

describe('scorePair', () => {
  it('scores identical records 1 and lists every field as matched', () => {
    const result = scorePair(john, { ...john, id: 'b' }, DEFAULT_MATCH_CONFIG);
    expect(result.score).toBe(1);
    expect(result.matchedFields.map((f) => f.field)).toEqual(['email', 'phone', 'firstName', 'lastName', 'lastName', 'company', 'city']);
  });

  it('sees through typos and formatting', () => {
    const other = { id: 'b', firstName: 'Jonh', lastName: 'SMITH', email: 'John.Smith@acme.com', phone: '(415) 555-0132', company: 'ACME, Inc.', city: 'boston' };
    expect(scorePair(john, other, DEFAULT_MATCH_CONFIG).score).toBeGreaterThan(DEFAULT_MATCH_CONFIG.thresholds.autoMerge);
  });

  it('matches first and last name entered the wrong way round', () => {
    const swapped = { ...john, id: 'b', firstName: 'Smith', lastName: 'John' };
    const result = scorePair(john, swapped, DEFAULT_MATCH_CONFIG);
    expect(result).toMatchObject({ score: 1, swapped: true });
  });

  it('does not count missing fields against a pair', () => {
    const sparse = { id: 'b', firstName: 'John', lastName: 'Smith', email: null, phone: '415-555-0132', company: 'Acme' };
    const result = scorePair(john, sparse, DEFAULT_MATCH_CONFIG);
    expect(result.score).toBe(1);
    expect(result.matchedFields.map((f) => f.field)).not.toContain('email');
  });

  it('does not let a pair that shares only a name reach review', () => {
    const namesake = { id: 'b', firstName: 'John', lastName: 'Smith' };
    expect(scorePair(john, namesake, DEFAULT_MATCH_CONFIG).score).toBeLessThan(DEFAULT_MATCH_CONFIG.thresholds.review);
  });

  it('keeps namesakes at other companies with other numbers apart', () => {
    const namesake = { id: 'b', firstName: 'John', lastName: 'Smith', email: 'jsmith@globex.com', phone: '+1 212 555 0199', company: 'Globex', city: 'New York' };
    expect(scorePair(john, namesake, DEFAULT_MATCH_CONFIG).score).toBeLessThan(0.5);
  });

  it('compares custom fields by dotted path', () => {
    const config: MatchConfig = { ...DEFAULT_MATCH_CONFIG, minComparedWeight: 0, fields: [{ field: 'properties.linkedin', comparator: 'exact', weight: 1 }] };
    const a = { id: 'a', properties: { linkedin: 'in/jsmith' } };
    expect(scorePair(a, { id: 'b', properties: { linkedin: 'in/JSmith' } }, config).score).toBe(1);
    expect(scorePair(a, { id: 'b', properties: { linkedin: 'in/other' } }, config).score).toBe(0);
  });

  it('scores a scan\'s table rows like the records, giving up on a pair only when it cannot reach the wanted score', () => {
    const { records } = generatePopulation(150, 0.3, 3);
    const prepared = records.map((r) => prepareRecord(r, DEFAULT_MATCH_CONFIG));
    const table = preparedTableOfColumns(records, DEFAULT_MATCH_CONFIG, textColumns(records));
    let reached = 0;
    for (const atLeast of [0.5, 0.8]) {
      for (let i = 0; i < prepared.length; i++) {
        for (let j = 0; j < prepared.length; j++) {
          if (i === j) continue;
          const full = scorePrepared(prepared[i]!, prepared[j]!, DEFAULT_MATCH_CONFIG);
          const early = scoreRows(table, i, j, atLeast);
          expect(early).toEqual(full.score >= atLeast ? full : null);
          if (early !== null) reached++;
        }
      }
    }
    // The duplicates among them, both ways round.
    expect(reached).toBeGreaterThan(40);
  });
});

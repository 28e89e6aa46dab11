import { describe, it, expect } from 'vitest';
import { findDuplicateCandidates } from './scan.ts';
import { generatePopulation } from './synthetic-people.ts';
import { DEFAULT_MATCH_CONFIG } from './match-config.ts';

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

describe('findDuplicateCandidates', () => {
  it('finds the duplicates injected into 5,000 people with pairwise precision ≥ 0.99 and recall ≥ 0.95', () => {
    const { records, truePairs } = generatePopulation(5000, 0.1, 42);
    expect(truePairs.size).toBeGreaterThan(450);
    const candidates = findDuplicateCandidates(records);
    const found = candidates.filter((c) => truePairs.has(pairKey(c.a, c.b))).length;
    expect(found / candidates.length).toBeGreaterThanOrEqual(0.99);
    expect(found / truePairs.size).toBeGreaterThanOrEqual(0.95);
  });

  it('reports each pair once, best first, with the action its score allows', () => {
    const records = [
      { id: 'a', firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.com', phone: '+1 415 555 0132', company: 'Acme', city: 'Boston' },
      { id: 'b', firstName: 'Smith', lastName: 'John', email: 'John.Smith@acme.com', phone: '(415) 555-0132', company: 'Acme Inc', city: 'Boston' },
      { id: 'c', firstName: 'Jon', lastName: 'Smith', email: null, phone: null, company: 'Acme', city: 'Boston' },
      { id: 'd', firstName: 'Mary', lastName: 'Jones', email: 'mary@globex.com', phone: '+1 212 555 0100', company: 'Globex', city: 'New York' },
    ];
    const candidates = findDuplicateCandidates(records, DEFAULT_MATCH_CONFIG);
    expect(candidates.map((c) => [c.a, c.b, c.action])).toEqual([
      ['a', 'b', 'auto_merge'],
      ['a', 'c', 'review'],
      ['b', 'c', 'review'],
    ]);
    expect(candidates[0]).toMatchObject({ score: 1, swapped: true });
    for (let i = 1; i < candidates.length; i++) expect(candidates[i - 1]!.score).toBeGreaterThanOrEqual(candidates[i]!.score);
  });

  it('returns nothing for an empty list', () => {
    expect(findDuplicateCandidates([])).toEqual([]);
  });
});

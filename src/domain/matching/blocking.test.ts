import { describe, it, expect } from 'vitest';
import { blockingKeys, candidatePairs, candidatePairsByRecord } from './blocking.ts';
import { DEFAULT_MATCH_CONFIG } from './match-config.ts';
import type { MatchConfig } from './match-config.ts';

describe('blockingKeys', () => {
  it('derives one key per rule whose fields the record has', () => {
    const keys = blockingKeys(
      { id: 'a', firstName: 'John', lastName: 'Smith', email: 'J.Smith+x@googlemail.com', phone: '+1 (415) 555-0132', company: 'Acme Inc.' },
      DEFAULT_MATCH_CONFIG.blocking,
    );
    expect(keys).toEqual(['email:jsmith@gmail.com', 'phone:5550132', 'last_name_first_initial:SM0|j', 'sorted_name:JN|SM0', 'first_name_company:JN|acme']);
  });

  it('gives swapped first and last names the same sorted-name key', () => {
    const rules = DEFAULT_MATCH_CONFIG.blocking.filter((r) => r.name === 'sorted_name');
    expect(blockingKeys({ id: 'a', firstName: 'John', lastName: 'Smith' }, rules)).toEqual(
      blockingKeys({ id: 'b', firstName: 'Smith', lastName: 'John' }, rules),
    );
  });

  it('skips a rule when a part is missing', () => {
    expect(blockingKeys({ id: 'a', lastName: 'Smith' }, DEFAULT_MATCH_CONFIG.blocking)).toEqual([]);
  });
});

describe('candidatePairs', () => {
  it('yields each pair once even when it shares several keys', () => {
    const records = [
      { id: 'a', firstName: 'John', lastName: 'Smith', email: 'js@acme.com' },
      { id: 'b', firstName: 'John', lastName: 'Smith', email: 'js@acme.com' },
      { id: 'c', firstName: 'Mary', lastName: 'Jones' },
    ];
    expect(candidatePairs(records, DEFAULT_MATCH_CONFIG)).toEqual([[0, 1]]);
  });

  it('compares an oversized block only within the sorted window, keeping the cost linear', () => {
    const config: MatchConfig = { ...DEFAULT_MATCH_CONFIG, maxBlockSize: 10, blockWindow: 3 };
    const records = Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, firstName: 'John', lastName: 'Smith', city: `City ${String(i).padStart(3, '0')}` }));
    const pairs = candidatePairs(records, config);
    // Two name rules, each a sorted window of 3 over the same order: 99 + 98 distinct neighbours.
    expect(pairs.length).toBe(99 + 98);
    expect(pairs).toContainEqual([0, 1]);
    expect(pairs).not.toContainEqual([0, 50]);
  });

  it('groups the pairs by their lower record, partners ascending', () => {
    const records = [
      { id: 'a', firstName: 'Mary', lastName: 'Jones', phone: '555 0101' },
      { id: 'b', firstName: 'John', lastName: 'Smith', email: 'js@acme.com' },
      { id: 'c', firstName: 'Mary', lastName: 'Jones' },
      { id: 'd', firstName: 'Jon', lastName: 'Smith', email: 'js@acme.com' },
      { id: 'e', firstName: 'Maria', lastName: 'Jones', phone: '555-0101' },
    ];
    const { starts, partners } = candidatePairsByRecord(records, DEFAULT_MATCH_CONFIG);
    expect([...starts]).toEqual([0, 2, 3, 4, 4, 4]);
    expect([...partners]).toEqual([2, 4, 3, 4]);
    expect(candidatePairs(records, DEFAULT_MATCH_CONFIG)).toEqual([[0, 2], [0, 4], [1, 3], [2, 4]]);
  });
});

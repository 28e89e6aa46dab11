import { describe, expect, it } from 'vitest';
import type { Filter } from './filter.ts';
import { filterEventTypes, filterLookback } from './filter-events.ts';

const NOW = new Date('2024-03-31T12:00:00.000Z');

const filter: Filter = {
  any: [
    { property: 'fitScore', op: 'gte', value: 40 },
    { event: 'page_view', within: { amount: 7, unit: 'days' }, count: { op: 'gte', value: 3 } },
    { not: { event: 'page_view', within: { amount: 1, unit: 'months' } } },
    { all: [{ event: 'form_submitted', within: { amount: 2, unit: 'hours' } }, { event: 'form_submitted' }] },
  ],
};

describe('the events a filter needs', () => {
  it('lists the event types it names', () => {
    expect(filterEventTypes(filter)).toEqual(['page_view', 'form_submitted']);
    expect(filterEventTypes({ property: 'country', op: 'eq', value: 'US' })).toEqual([]);
  });

  it('takes the widest window per type, and all history when a condition has none', () => {
    expect(filterLookback(filter, NOW)).toEqual([
      { type: 'page_view', since: new Date('2024-02-29T12:00:00.000Z') },
      { type: 'form_submitted', since: null },
    ]);
  });
});

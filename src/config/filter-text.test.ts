import { describe, expect, it } from 'vitest';
import { filterText } from './filter-text.ts';

describe('filterText', () => {
  it('writes conditions the way people say them', () => {
    expect(filterText({ property: 'jobTitle', op: 'contains', value: 'VP' })).toBe('jobTitle contains "VP"');
    expect(filterText({ property: 'country', op: 'not_in', value: ['US', 'CA'] })).toBe('country not in ["US", "CA"]');
    expect(filterText({ property: 'email', op: 'not_exists' })).toBe('email is empty');
    expect(filterText({ property: 'createdAt', op: 'within_last', value: { amount: 1, unit: 'days' } })).toBe(
      'createdAt within last 1 day',
    );
  });

  it('writes event aggregates', () => {
    expect(
      filterText({
        event: 'page_view',
        where: { property: 'url', op: 'starts_with', value: '/pricing' },
        within: { amount: 7, unit: 'days' },
        count: { op: 'gte', value: 3 },
      }),
    ).toBe('count of page_view where url starts with "/pricing" within 7 days >= 3');
    expect(filterText({ event: 'deal_won', last: { op: 'more_than_ago', value: { amount: 2, unit: 'months' } } })).toBe(
      'last deal_won more than 2 months ago',
    );
  });

  it('brackets nested groups so and/or never read ambiguously', () => {
    expect(
      filterText({
        all: [
          { property: 'fitScore', op: 'gte', value: 40 },
          { any: [{ event: 'meeting_booked' }, { not: { property: 'country', op: 'eq', value: 'US' } }] },
        ],
      }),
    ).toBe('fitScore >= 40 and (meeting_booked or not (country = "US"))');
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FilterError, filterSchema, parseFilter } from './filter-schema.ts';

const problemsOf = (json: unknown) => {
  try {
    parseFilter(json);
  } catch (error) {
    if (error instanceof FilterError) return error.problems;
    throw error;
  }
  throw new Error('expected the filter to be refused');
};

describe('parseFilter', () => {
  it('accepts every shape of the language', () => {
    const filter = {
      all: [
        { property: 'jobTitle', op: 'contains', value: 'VP' },
        { any: [{ property: 'country', op: 'in', value: ['US', 'CA'] }, { property: 'company.employees', op: 'gte', value: 200 }] },
        { not: { property: 'email', op: 'not_exists' } },
        { property: 'createdAt', op: 'between', value: ['2024-01-01', '2024-12-31T23:59:59Z'] },
        { property: 'stageEnteredAt', op: 'more_than_ago', value: { amount: 2, unit: 'weeks' } },
        {
          event: 'page_view',
          where: { any: [{ property: 'url', op: 'starts_with', value: '/pricing' }, { not: { property: 'utm_source', op: 'exists' } }] },
          within: { amount: 7, unit: 'days' },
          count: { op: 'gte', value: 3 },
        },
        { event: 'custom:trial_started', last: { op: 'within_last', value: { amount: 1, unit: 'months' } } },
      ],
    };
    expect(parseFilter(filter)).toEqual(filter);
  });

  it('names the JSON path of each problem', () => {
    expect(
      problemsOf({
        all: [
          { property: 'jobTitle', op: 'contians', value: 'VP' },
          { any: [{ property: 'country', op: 'in', value: 'US' }, { nope: true }] },
        ],
      }),
    ).toEqual([
      { path: '$.all[0].op', message: expect.stringContaining('expected op to be one of eq, neq') },
      { path: '$.all[1].any[0].value', message: expect.stringContaining('expected array') },
      { path: '$.all[1].any[1]', message: expect.stringContaining('expected a filter') },
    ]);
  });

  it('reads as one line in an error message', () => {
    expect(() => parseFilter({ property: 'fitScore', op: 'gte', value: 'high' })).toThrow(
      'Invalid filter: $.value: fitScore is a number field: expected a number',
    );
  });

  it('refuses unknown keys, so a typo cannot silently widen a filter', () => {
    expect(problemsOf({ property: 'country', op: 'eq', valeu: 'US' })).toContainEqual({
      path: '$',
      message: 'Unrecognized key: "valeu"',
    });
  });

  it('checks event conditions: a known type, a positive window, at most one aggregate', () => {
    const problems = problemsOf({
      event: 'page_veiw',
      within: { amount: 0, unit: 'days' },
      count: { op: 'gte', value: 1 },
      first: { op: 'gt', value: 'yesterday' },
    });
    expect(problems.map((problem) => problem.path)).toEqual(['$.event', '$.within.amount', '$.first.value', '$']);
    expect(problems[3]?.message).toBe('use at most one of count, first and last');
  });

  it('refuses operands a standard field can never match and dates it cannot read', () => {
    expect(problemsOf({ property: 'createdAt', op: 'gt', value: 'last week' })[0]?.path).toBe('$.value');
    expect(problemsOf({ property: 'company.employees', op: 'in', value: [10, 'many'] })[0]?.path).toBe('$.value[1]');
    expect(problemsOf({ property: 'x', op: 'between', value: ['2024-02-30', '2024-03-01'] })[0]?.path).toBe('$.value[0]');
    expect(problemsOf({ event: 'page_view', where: { property: 'occurredAt', op: 'lt', value: 'soon' } })[0]?.path).toBe(
      '$.where.value',
    );
  });

  it('keeps event conditions out of an event where', () => {
    expect(problemsOf({ event: 'page_view', where: { event: 'form_submitted' } })).toEqual([
      { path: '$.where', message: 'an event condition cannot appear inside an event where' },
    ]);
  });

  it('exports as JSON Schema for editors', () => {
    expect(() => z.toJSONSchema(filterSchema)).not.toThrow();
  });
});

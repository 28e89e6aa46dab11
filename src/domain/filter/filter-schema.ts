// The filter language's JSON, validated exactly: configuration, the API and saved views all parse through here.

import { z } from 'zod';
import type { PropertyType } from '../contact.ts';
import { isEventType } from '../event.ts';
import { propertyTest } from './condition-test.ts';
import type {
  DateTest,
  EventCondition,
  EventPropertyFilter,
  Filter,
  PropertyCondition,
  RelativeDuration,
} from './filter.ts';
import { resolveEventProperty, resolveProperty } from './property-source.ts';
import { parseInstant } from './values.ts';

const UNIT_DAYS = { minutes: 1 / 1440, hours: 1 / 24, days: 1, weeks: 7, months: 31 } as const;
// Far enough back for any CRM question, near enough that now minus the span stays a valid timestamp.
const MAX_SPAN_DAYS = 366_000;

export const relativeDurationSchema: z.ZodType<RelativeDuration> = z
  .strictObject({
    amount: z.number().int().positive(),
    unit: z.enum(['minutes', 'hours', 'days', 'weeks', 'months']),
  })
  .refine((span) => span.amount * UNIT_DAYS[span.unit] <= MAX_SPAN_DAYS, {
    message: 'a span may be at most 1000 years',
    path: ['amount'],
  });

const instantSchema = z.string().refine((text) => parseInstant(text) !== null, {
  message: 'expected an ISO 8601 date or date-time, e.g. "2024-05-01" or "2024-05-01T09:30:00Z"',
});

const comparisonOp = z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte']);
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' });
const propertyName = z
  .string()
  .min(1, 'expected a property name')
  .refine((name) => name !== 'company.', 'expected a company field after "company."');

const EXPECTED: Record<PropertyType, string> = {
  string: 'text',
  enum: 'text',
  multi_enum: 'text',
  number: 'a number',
  boolean: 'true or false',
  date: 'an ISO 8601 date',
  datetime: 'an ISO 8601 date or date-time',
};

const PROPERTY_OPS = 'eq, neq, gt, gte, lt, lte, in, not_in, contains, not_contains, starts_with, ends_with, exists, not_exists, between, within_last, more_than_ago';

// A standard field's type is known, so an operand it can never match (createdAt gt "last week") is refused.
const checkStandardOperands =
  (resolve: (name: string) => { declared: PropertyType | undefined }) =>
  (condition: PropertyCondition, ctx: z.RefinementCtx): void => {
    const { declared } = resolve(condition.property);
    if (declared === undefined) return;
    const list = condition.op === 'in' || condition.op === 'not_in';
    const comparisons: PropertyCondition[] = list
      ? condition.value.map((value) => ({ property: condition.property, op: 'eq', value }))
      : condition.op === 'eq' || condition.op === 'neq' || condition.op === 'gt' || condition.op === 'gte' || condition.op === 'lt' || condition.op === 'lte'
        ? [condition]
        : [];
    comparisons.forEach((comparison, index) => {
      if (propertyTest(comparison, declared).anyOf.length > 0) return;
      ctx.addIssue({
        code: 'custom',
        path: list ? ['value', index] : ['value'],
        message: `${condition.property} is a ${declared} field: expected ${EXPECTED[declared]}`,
      });
    });
  };

const propertyCondition = z.discriminatedUnion(
    'op',
    [
      z.strictObject({ property: propertyName, op: comparisonOp, value: scalar }),
      z.strictObject({ property: propertyName, op: z.enum(['in', 'not_in']), value: z.array(scalar) }),
      z.strictObject({
        property: propertyName,
        op: z.enum(['contains', 'not_contains', 'starts_with', 'ends_with']),
        value: z.string(),
      }),
      z.strictObject({ property: propertyName, op: z.enum(['exists', 'not_exists']) }),
      z.strictObject({ property: propertyName, op: z.literal('between'), value: z.tuple([instantSchema, instantSchema]) }),
      z.strictObject({ property: propertyName, op: z.enum(['within_last', 'more_than_ago']), value: relativeDurationSchema }),
    ],
    { error: `expected op to be one of ${PROPERTY_OPS}` },
  );

/** A condition on a contact's (or its company's) property. */
export const propertyConditionSchema: z.ZodType<PropertyCondition> = propertyCondition.superRefine(
  checkStandardOperands((name) => resolveProperty(name, {})),
);

/** A condition on an event's property inside `where`. */
export const eventPropertyConditionSchema: z.ZodType<PropertyCondition> = propertyCondition.superRefine(
  checkStandardOperands(resolveEventProperty),
);

export const dateTestSchema: z.ZodType<DateTest> = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.enum(['within_last', 'more_than_ago']), value: relativeDurationSchema }),
    z.strictObject({ op: z.literal('between'), value: z.tuple([instantSchema, instantSchema]) }),
    z.strictObject({ op: comparisonOp, value: instantSchema }),
  ],
  { error: 'expected op to be one of eq, neq, gt, gte, lt, lte, between, within_last, more_than_ago' },
);

const FILTER_SHAPE = 'expected a filter: an object with one of all, any, not, property or event';
const WHERE_SHAPE = 'expected an event property filter: an object with one of all, any, not or property';

export const eventPropertyFilterSchema: z.ZodType<EventPropertyFilter> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ all: z.array(eventPropertyFilterSchema) }),
      z.strictObject({ any: z.array(eventPropertyFilterSchema) }),
      z.strictObject({ not: eventPropertyFilterSchema }),
      eventPropertyConditionSchema,
    ],
    { error: WHERE_SHAPE },
  ),
);

export const eventConditionSchema: z.ZodType<EventCondition> = z
  .strictObject({
    event: z.string().refine(isEventType, { message: 'expected a built-in event type or custom:<name>' }),
    where: eventPropertyFilterSchema.optional(),
    within: relativeDurationSchema.optional(),
    count: z.strictObject({ op: comparisonOp, value: z.number() }).optional(),
    first: dateTestSchema.optional(),
    last: dateTestSchema.optional(),
  })
  .refine((condition) => [condition.count, condition.first, condition.last].filter(Boolean).length <= 1, {
    message: 'use at most one of count, first and last',
  });

export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ all: z.array(filterSchema) }),
      z.strictObject({ any: z.array(filterSchema) }),
      z.strictObject({ not: filterSchema }),
      propertyConditionSchema,
      eventConditionSchema,
    ],
    { error: FILTER_SHAPE },
  ),
);

export type FilterProblem = { path: string; message: string };

/** A filter that failed validation; `problems` lists each one with its JSON path (`$.all[0].value`). */
export class FilterError extends Error {
  constructor(readonly problems: FilterProblem[]) {
    super(`Invalid filter: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`);
    this.name = 'FilterError';
  }
}

const jsonPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : /^[A-Za-z_]\w*$/.test(String(key)) ? `${text}.${String(key)}` : `${text}[${JSON.stringify(String(key))}]`),
    '$',
  );

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (value, key) => (typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );

const BRANCH_KEYS = ['all', 'any', 'not', 'property', 'event'];

// A failed union reports every branch; the branch the input meant is the one its key names, so only its
// problems are worth showing.
const problemsOf = (issues: readonly z.core.$ZodIssue[], input: unknown, base: readonly PropertyKey[]): FilterProblem[] =>
  issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && (issue.message === FILTER_SHAPE || issue.message === WHERE_SHAPE)) {
      const value = valueAt(input, path);
      const branch = typeof value === 'object' && value !== null ? BRANCH_KEYS.findIndex((key) => key in value) : -1;
      const errors = issue.errors[branch];
      if (errors) return problemsOf(errors, input, path);
      if (branch === 4) return [{ path: jsonPath(path), message: 'an event condition cannot appear inside an event where' }];
    }
    return [{ path: jsonPath(path), message: issue.message }];
  });

/** Validates untrusted JSON as a Filter, or throws a FilterError naming every problem. */
export const parseFilter = (json: unknown): Filter => {
  const result = filterSchema.safeParse(json);
  if (!result.success) throw new FilterError(problemsOf(result.error.issues, json, []));
  return result.data;
};

// One normal form for what a condition tests, derived once from the filter. The predicate and the SQL compiler
// both evaluate this form, so every semantic decision (kinds, coercion, folding, ranges) is made here, once.

import type { PropertyType } from '../contact.ts';
import type { ComparisonOp, DateTest, PropertyCondition, RelativeDuration, Scalar } from './filter.ts';
import {
  foldCase,
  isBareDate,
  parseInstant,
  readBooleanText,
  readNumericText,
  type ValueKind,
} from './values.ts';

/** A comparison operand already in its kind's form: folded text, number, boolean, or epoch milliseconds. */
export type Operand = string | number | boolean;

export type ValueTest =
  | { test: 'present' }
  | { test: 'compare'; kind: ValueKind; op: ComparisonOp; operand: Operand }
  | { test: 'one_of'; kind: ValueKind; operands: Operand[] }
  | { test: 'match'; mode: 'contains' | 'starts_with' | 'ends_with'; text: string }
  | { test: 'range'; from: number; to: number; toInclusive: boolean }
  /** The instant lies in [now - span, now]. */
  | { test: 'recent'; span: RelativeDuration }
  /** The instant lies before now - span. */
  | { test: 'older'; span: RelativeDuration };

/**
 * A condition holds when some value (some element, for a JSON array) passes one of `anyOf`, flipped when
 * `negate` is set. An empty `anyOf` never passes: an operand that cannot be read as its kind matches nothing.
 */
export type ConditionTest = { negate: boolean; anyOf: ValueTest[] };

/** A declared type decides the kind; an untyped property compares as its operand's own type. */
const kindOf = (declared: PropertyType | undefined, operand: Scalar): ValueKind => {
  switch (declared) {
    case 'number':
      return 'number';
    case 'date':
    case 'datetime':
      return 'instant';
    case 'boolean':
      return 'boolean';
    case 'string':
    case 'enum':
    case 'multi_enum':
      return 'text';
    case undefined:
      return typeof operand === 'number' ? 'number' : typeof operand === 'boolean' ? 'boolean' : 'text';
  }
};

const operandOf = (kind: ValueKind, value: Scalar): Operand | null => {
  switch (kind) {
    case 'text':
      return foldCase(String(value));
    case 'number':
      return typeof value === 'number' ? value : typeof value === 'string' ? readNumericText(value) : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : typeof value === 'string' ? readBooleanText(value) : null;
    case 'instant':
      return typeof value === 'string' ? parseInstant(value) : null;
  }
};

const compareTest = (kind: ValueKind, op: ComparisonOp, value: Scalar): ValueTest[] => {
  const operand = operandOf(kind, value);
  return operand === null ? [] : [{ test: 'compare', kind, op, operand }];
};

const KINDS: ValueKind[] = ['text', 'number', 'boolean', 'instant'];

/** `in` is `eq` against any listed value; values of different kinds form one test per kind. */
const oneOfTests = (declared: PropertyType | undefined, values: Scalar[]): ValueTest[] =>
  KINDS.flatMap((kind): ValueTest[] => {
    const operands = values
      .filter((value) => kindOf(declared, value) === kind)
      .map((value) => operandOf(kind, value))
      .filter((operand) => operand !== null);
    return operands.length > 0 ? [{ test: 'one_of', kind, operands }] : [];
  });

/** Between is inclusive at both ends; a bare date as the upper end includes that whole day. */
const rangeTests = ([from, to]: [string, string]): ValueTest[] => {
  const start = parseInstant(from);
  const end = parseInstant(to);
  if (start === null || end === null) return [];
  return isBareDate(to)
    ? [{ test: 'range', from: start, to: end + 86_400_000, toInclusive: false }]
    : [{ test: 'range', from: start, to: end, toInclusive: true }];
};

const holds = (anyOf: ValueTest[]): ConditionTest => ({ negate: false, anyOf });
const fails = (anyOf: ValueTest[]): ConditionTest => ({ negate: true, anyOf });

/**
 * The negative operators (neq, not_in, not_contains, not_exists) are the exact complements of their positive
 * twins, so a contact with no value satisfies them.
 */
export const propertyTest = (condition: PropertyCondition, declared: PropertyType | undefined): ConditionTest => {
  switch (condition.op) {
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return holds(compareTest(kindOf(declared, condition.value), condition.op, condition.value));
    case 'neq':
      return fails(compareTest(kindOf(declared, condition.value), 'eq', condition.value));
    case 'in':
      return holds(oneOfTests(declared, condition.value));
    case 'not_in':
      return fails(oneOfTests(declared, condition.value));
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return holds([{ test: 'match', mode: condition.op, text: foldCase(condition.value) }]);
    case 'not_contains':
      return fails([{ test: 'match', mode: 'contains', text: foldCase(condition.value) }]);
    case 'exists':
      return holds([{ test: 'present' }]);
    case 'not_exists':
      return fails([{ test: 'present' }]);
    case 'between':
      return holds(rangeTests(condition.value));
    case 'within_last':
      return holds([{ test: 'recent', span: condition.value }]);
    case 'more_than_ago':
      return holds([{ test: 'older', span: condition.value }]);
  }
};

/** A test of the first or last event's time. Unlike a property's `neq`, it needs an event to hold. */
export const dateTest = (test: DateTest): ValueTest[] => {
  switch (test.op) {
    case 'within_last':
      return [{ test: 'recent', span: test.value }];
    case 'more_than_ago':
      return [{ test: 'older', span: test.value }];
    case 'between':
      return rangeTests(test.value);
    default:
      return compareTest('instant', test.op, test.value);
  }
};

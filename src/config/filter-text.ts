// Filters as one line of text, for the stage listing and diagram: `fitScore >= 40 and engagementScore >= 60`.

import type {
  ComparisonOp,
  DateTest,
  EventCondition,
  Filter,
  PropertyCondition,
  RelativeDuration,
  Scalar,
} from '../domain/filter/filter.ts';
import { foldTree, isEventCondition, type TreeFold } from '../domain/filter/filter-tree.ts';

const COMPARISONS: Record<ComparisonOp, string> = { eq: '=', neq: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

const scalar = (value: Scalar): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

const duration = (span: RelativeDuration): string => `${span.amount} ${span.amount === 1 ? span.unit.replace(/s$/, '') : span.unit}`;

const propertyText = (condition: PropertyCondition): string => {
  const { property } = condition;
  switch (condition.op) {
    case 'exists':
      return `${property} exists`;
    case 'not_exists':
      return `${property} is empty`;
    case 'in':
    case 'not_in':
      return `${property} ${condition.op === 'in' ? 'in' : 'not in'} [${condition.value.map(scalar).join(', ')}]`;
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with':
      return `${property} ${condition.op.replace('_', ' ')} ${scalar(condition.value)}`;
    case 'between':
      return `${property} between ${condition.value[0]} and ${condition.value[1]}`;
    case 'within_last':
      return `${property} within last ${duration(condition.value)}`;
    case 'more_than_ago':
      return `${property} more than ${duration(condition.value)} ago`;
    default:
      return `${property} ${COMPARISONS[condition.op]} ${scalar(condition.value)}`;
  }
};

type Text = { text: string; compound: boolean };

// A group of several parts nested in another group gets parentheses, so `and`/`or` never read ambiguously.
const textFold = <Leaf>(leaf: (node: Leaf) => string): TreeFold<Leaf, Text> => {
  const group =
    (joiner: string) =>
    (parts: Text[]): Text => ({
      text: parts.map((part) => (part.compound ? `(${part.text})` : part.text)).join(joiner),
      compound: parts.length > 1,
    });
  return {
    all: group(' and '),
    any: group(' or '),
    not: (part) => ({ text: `not (${part.text})`, compound: false }),
    leaf: (node) => ({ text: leaf(node), compound: false }),
  };
};

const dateTestText = (test: DateTest): string => {
  switch (test.op) {
    case 'within_last':
      return `within last ${duration(test.value)}`;
    case 'more_than_ago':
      return `more than ${duration(test.value)} ago`;
    case 'between':
      return `between ${test.value[0]} and ${test.value[1]}`;
    default:
      return `${COMPARISONS[test.op]} ${test.value}`;
  }
};

const eventText = (condition: EventCondition): string => {
  const where = condition.where === undefined ? '' : ` where ${foldTree(condition.where, textFold(propertyText)).text}`;
  const within = condition.within === undefined ? '' : ` within ${duration(condition.within)}`;
  const subject = `${condition.event}${where}${within}`;
  if (condition.count !== undefined) return `count of ${subject} ${COMPARISONS[condition.count.op]} ${condition.count.value}`;
  if (condition.first !== undefined) return `first ${subject} ${dateTestText(condition.first)}`;
  if (condition.last !== undefined) return `last ${subject} ${dateTestText(condition.last)}`;
  return subject;
};

const conditionText = (condition: PropertyCondition | EventCondition): string =>
  isEventCondition(condition) ? eventText(condition) : propertyText(condition);

export const filterText = (filter: Filter): string => foldTree(filter, textFold(conditionText)).text;

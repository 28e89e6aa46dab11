// An engagement rule's `where` compiles once per rule object: a parsed config is reused for every contact scored.

import type { ContactEvent } from '../event.ts';
import type { EventPropertyFilter } from '../filter/filter.ts';
import { compileEventWhere } from '../filter/predicate.ts';
import type { EngagementRule } from './scoring-model.ts';

// A rule's `where` runs with exactly the filter language's semantics: those of the event condition
// "at least one <event> where …" over a view that holds only the event under test (compileEventWhere).
const compiledWheres = new WeakMap<EngagementRule, (event: ContactEvent, now: Date) => boolean>();

const compiledEventRule = (rule: EngagementRule & { where: EventPropertyFilter }) => {
  const known = compiledWheres.get(rule);
  if (known !== undefined) return known;
  const test = compileEventWhere(rule.where);
  compiledWheres.set(rule, test);
  return test;
};

/** Whether one event is of the rule's type and satisfies its `where`. */
export const eventMatchesRule = (rule: EngagementRule, event: ContactEvent, now: Date): boolean =>
  event.type === rule.event && (rule.where === undefined || compiledEventRule(rule as EngagementRule & { where: EventPropertyFilter })(event, now));

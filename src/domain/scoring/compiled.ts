// An engagement rule's `where` compiles once per filter object: a parsed config is reused for every contact scored.

import type { ContactEvent } from '../event.ts';
import type { EventPropertyFilter } from '../filter/filter.ts';
import { compileEventWhere } from '../filter/predicate.ts';
import type { EngagementRule } from './scoring-model.ts';

// A rule's `where` runs with exactly the filter language's semantics: those of the event condition
// "at least one <event> where …" over a view that holds only the event under test (compileEventWhere).
const compiledWheres = new WeakMap<EventPropertyFilter, (event: ContactEvent, now: Date) => boolean>();

const whereTest = (where: EventPropertyFilter) => {
  let test = compiledWheres.get(where);
  if (test === undefined) compiledWheres.set(where, (test = compileEventWhere(where)));
  return test;
};

/** Whether one event is of the rule's type and satisfies its `where`. */
export const eventMatchesRule = (rule: EngagementRule, event: ContactEvent, now: Date): boolean =>
  event.type === rule.event && (rule.where === undefined || whereTest(rule.where)(event, now));

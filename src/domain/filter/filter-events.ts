// Which events a filter reads, so the engine loads just those before it runs a predicate.

import type { EventCondition, Filter, PropertyCondition } from './filter.ts';
import { foldTree, isEventCondition } from './filter-tree.ts';
import { spanStart } from './values.ts';

/** Events of `type` at or after `since` (all of them when null) and at or before now. */
export type EventWindow = { type: string; since: Date | null };

const eventConditions = (filter: Filter): EventCondition[] =>
  foldTree<PropertyCondition | EventCondition, EventCondition[]>(filter, {
    all: (parts) => parts.flat(),
    any: (parts) => parts.flat(),
    not: (part) => part,
    leaf: (leaf) => (isEventCondition(leaf) ? [leaf] : []),
  });

/** The event types a filter names, in order of first appearance. */
export const filterEventTypes = (filter: Filter): string[] => [
  ...new Set(eventConditions(filter).map((condition) => condition.event)),
];

/** The widest window per event type over the filter's event conditions; a condition without `within` needs all. */
export const filterLookback = (filter: Filter, now: Date): EventWindow[] => {
  const since = new Map<string, number | null>();
  for (const condition of eventConditions(filter)) {
    const start = condition.within ? spanStart(now.getTime(), condition.within) : null;
    const known = since.get(condition.event);
    since.set(condition.event, known === undefined ? start : known === null || start === null ? null : Math.min(known, start));
  }
  return [...since].map(([type, start]) => ({ type, since: start === null ? null : new Date(start) }));
};

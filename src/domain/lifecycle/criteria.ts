// Stage criteria are compiled once per filter object and reused: bulk re-evaluation and replay call
// the step for every event of every contact.

import type { ContactView, Filter } from '../filter/filter.ts';
import { compilePredicate, type Predicate } from '../filter/predicate.ts';

const compiled = new WeakMap<Filter, Predicate>();

export const meetsCriteria = (filter: Filter, view: ContactView, now: Date): boolean => {
  let predicate = compiled.get(filter);
  if (predicate === undefined) {
    predicate = compilePredicate(filter);
    compiled.set(filter, predicate);
  }
  return predicate(view, now);
};

// Stage criteria are compiled once per filter object (and declared property types) and reused: bulk
// re-evaluation and replay call the step for every event of every contact.

import type { ContactView, Filter } from '../filter/filter.ts';
import { viewMeets } from '../filter/predicate.ts';

export const meetsCriteria = (filter: Filter, view: ContactView, now: Date): boolean => viewMeets(filter, view, now);

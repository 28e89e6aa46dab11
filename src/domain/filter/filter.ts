// The one filter language: stage criteria, score conditions, routing, views and segments all use it.
// It compiles to an in-memory predicate (predicate.ts) and to SQL (sql.ts); the two must agree.

import type { Company, Contact } from '../contact.ts';
import type { ContactEvent } from '../event.ts';
import type { PropertyTypes } from './property-source.ts';

export type DurationUnit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months';
/** A relative span of time, e.g. `{ "amount": 7, "unit": "days" }`. */
export type RelativeDuration = { amount: number; unit: DurationUnit };

export type Scalar = string | number | boolean;

export type ComparisonOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';

export type PropertyCondition =
  | { property: string; op: ComparisonOp; value: Scalar }
  | { property: string; op: 'in' | 'not_in'; value: Scalar[] }
  | { property: string; op: 'contains' | 'not_contains' | 'starts_with' | 'ends_with'; value: string }
  | { property: string; op: 'exists' | 'not_exists' }
  /** Inclusive range of dates or date-times (ISO 8601 strings). */
  | { property: string; op: 'between'; value: [string, string] }
  /** The property is a date-time within the last span before now. */
  | { property: string; op: 'within_last'; value: RelativeDuration }
  /** The property is a date-time more than the span before now. */
  | { property: string; op: 'more_than_ago'; value: RelativeDuration };

/** A filter over an event's own properties (`url`, `utm_source`, …) in an event condition. */
export type EventPropertyFilter =
  | { all: EventPropertyFilter[] }
  | { any: EventPropertyFilter[] }
  | { not: EventPropertyFilter }
  | PropertyCondition;

/**
 * An aggregate over the contact's events of one type, optionally narrowed by event properties and a window.
 * Exactly one of count / first / last tests the aggregate; with none, the condition is "at least one".
 * e.g. count of page_view where url starts with "/pricing" within 7 days >= 3.
 */
export type EventCondition = {
  event: string;
  where?: EventPropertyFilter;
  within?: RelativeDuration;
  count?: { op: ComparisonOp; value: number };
  first?: DateTest;
  last?: DateTest;
};

export type DateTest =
  | { op: 'within_last' | 'more_than_ago'; value: RelativeDuration }
  | { op: 'between'; value: [string, string] }
  | { op: ComparisonOp; value: string };

export type Filter =
  | { all: Filter[] }
  | { any: Filter[] }
  | { not: Filter }
  | PropertyCondition
  | EventCondition;

/**
 * What a predicate sees of one contact. Property names resolve in this order: a standard contact field
 * (`jobTitle`, `fitScore`, …), `company.<field>` (a standard or custom company field), else a custom
 * contact property (`contact.properties[name]`). `events` holds the contact's events that the filter may
 * need (the caller loads at least those of the types and windows the filter names).
 */
export type ContactView = {
  contact: Contact;
  company: Company | null;
  events: readonly ContactEvent[];
  /**
   * The declared types of the workspace's custom contact properties, as lists and the SQL compilers take them
   * (`customTypes`); a custom property without one compares as its operand's type. Absent: none declared.
   */
  propertyTypes?: PropertyTypes;
};

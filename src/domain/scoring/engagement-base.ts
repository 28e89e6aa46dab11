// Recycling resets engagement to a fraction. The reset must survive later recomputation from events,
// so each model's engagement is recomputed as:
//   carried-over base (fraction × score at recycle time, decaying from then) + events after the recycle.
// The base lives on the contact as `properties._engagementBase = { [modelName]: { points, at } }`.

import type { Contact } from '../contact.ts';
import { roundPoints } from './round.ts';

export const ENGAGEMENT_BASE_PROPERTY = '_engagementBase';

/** Engagement carried over a recycle: `points` as of `at` (ISO date-time), decaying like any event. */
export type EngagementBase = { points: number; at: string };

/**
 * The form `at` is written in (toISOString, UTC). Bulk scoring reads the base in SQL with this same pattern,
 * so a base is valid, or not, alike in both.
 */
export const ENGAGEMENT_BASE_AT_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$';
const BASE_AT = new RegExp(ENGAGEMENT_BASE_AT_PATTERN);

const isEngagementBase = (value: unknown): value is EngagementBase =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as EngagementBase).points === 'number' &&
  Number.isFinite((value as EngagementBase).points) &&
  typeof (value as EngagementBase).at === 'string' &&
  BASE_AT.test((value as EngagementBase).at) &&
  !Number.isNaN(Date.parse((value as EngagementBase).at));

/** The model's carried-over engagement, or null when the contact was never recycled (or it is unreadable). */
export const readEngagementBase = (contact: Contact, model: string): EngagementBase | null => {
  const bases = contact.properties[ENGAGEMENT_BASE_PROPERTY];
  if (typeof bases !== 'object' || bases === null) return null;
  const base: unknown = (bases as Record<string, unknown>)[model];
  return isEngagementBase(base) ? base : null;
};

/** The bases to store at a recycle: `fraction` of each model's engagement score at `now`. */
export const engagementBasesAt = (
  engagementByModel: Readonly<Record<string, number>>,
  fraction: number,
  now: Date,
): Record<string, EngagementBase> =>
  Object.fromEntries(
    Object.entries(engagementByModel).map(([model, engagement]) => [
      model,
      { points: roundPoints(engagement * fraction), at: now.toISOString() },
    ]),
  );

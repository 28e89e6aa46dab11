// An event's time in epoch milliseconds, read once per event object. Events are appended, never edited, and the step
// reads every counted event of a contact again at each step of each event the contact has: a busy contact's times
// would otherwise be parsed over and over within one batch.

import type { ContactEvent } from './event.ts';
import { readInstant } from './filter/values.ts';

const instants = new WeakMap<ContactEvent, number | null>();

/** `occurredAt` as an instant (null when it does not read as one), as readInstant gives it. */
export const eventInstant = (event: ContactEvent): number | null => {
  let at = instants.get(event);
  if (at === undefined) {
    at = readInstant('instant', event.occurredAt);
    instants.set(event, at);
  }
  return at;
};

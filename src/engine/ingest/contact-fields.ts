import type { EventContactField, EventItem } from './event-item.ts';

/** The contacts columns of the standard fields events may give. */
export const FIELD_COLUMNS: Record<EventContactField, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  jobTitle: 'job_title',
  country: 'country',
  city: 'city',
};

/**
 * The standard fields events gave about each contact: only the fields given change, and when several
 * events of a contact give one, the newest wins.
 */
export const newestContactFields = (items: readonly { item: EventItem; contactId: string }[]): Map<string, EventItem['fields']> => {
  const merged = new Map<string, EventItem['fields']>();
  for (const { item, contactId } of [...items].sort((a, b) => (a.item.occurredAt < b.item.occurredAt ? -1 : 1))) {
    if (Object.keys(item.fields).length === 0) continue;
    merged.set(contactId, { ...merged.get(contactId), ...item.fields });
  }
  return merged;
};

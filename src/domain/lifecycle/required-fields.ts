// Required fields: a contact may not enter a stage without them. Names resolve as in filters:
// a standard contact field, `company.<field>` (standard or custom), else a custom contact property.

import { CONTACT_FIELDS } from '../contact.ts';
import type { ContactView } from '../filter/filter.ts';

const isFilled = (value: unknown): boolean => {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
};

const fieldValue = (view: ContactView, field: string): unknown => {
  if (Object.hasOwn(CONTACT_FIELDS, field)) return view.contact[field as keyof typeof CONTACT_FIELDS];
  if (field.startsWith('company.')) {
    const name = field.slice('company.'.length);
    if (view.company === null) return null;
    const standard: unknown = (view.company as Record<string, unknown>)[name];
    return name !== 'properties' && standard !== undefined ? standard : view.company.properties[name];
  }
  return view.contact.properties[field];
};

/** The required fields the contact lacks, in the order given, without repeats. */
export const missingFields = (view: ContactView, fields: readonly string[]): string[] =>
  [...new Set(fields)].filter((field) => !isFilled(fieldValue(view, field)));

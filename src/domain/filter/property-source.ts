// Where a property name in a filter points. Both compilers resolve names here, in the order ContactView
// documents: a standard contact field, then `company.<field>`, then a custom contact property.

import { COMPANY_FIELDS, CONTACT_FIELDS, type PropertyType } from '../contact.ts';
import type { Storage } from './values.ts';

/** Declared types of custom properties, by the name a filter uses (`score_band`, `company.segment`). */
export type PropertyTypes = Readonly<Record<string, PropertyType>>;

export type ContactField = keyof typeof CONTACT_FIELDS;
export type CompanyField = keyof typeof COMPANY_FIELDS;

export type PropertySource =
  | { owner: 'contact'; field: ContactField; storage: Storage; declared: PropertyType }
  | { owner: 'company'; field: CompanyField; storage: Storage; declared: PropertyType }
  | { owner: 'contact' | 'company'; key: string; storage: 'json'; declared: PropertyType | undefined };

/** Where an event `where` name points: the event's time, or one of its JSON properties. */
export type EventPropertySource =
  | { field: 'occurredAt'; storage: 'instant'; declared: 'datetime' }
  | { key: string; storage: 'json'; declared: undefined };

const COMPANY_PREFIX = 'company.';

const storageOf = (type: PropertyType): Storage =>
  type === 'number' ? 'number' : type === 'datetime' || type === 'date' ? 'instant' : 'text';

const isField = <Fields extends object>(fields: Fields, name: string): name is Extract<keyof Fields, string> =>
  Object.hasOwn(fields, name);

const declaredType = (types: PropertyTypes, name: string): PropertyType | undefined =>
  Object.hasOwn(types, name) ? types[name] : undefined;

export const resolveProperty = (name: string, types: PropertyTypes): PropertySource => {
  if (isField(CONTACT_FIELDS, name)) {
    const declared = CONTACT_FIELDS[name];
    return { owner: 'contact', field: name, storage: storageOf(declared), declared };
  }
  if (name.startsWith(COMPANY_PREFIX)) {
    const field = name.slice(COMPANY_PREFIX.length);
    if (isField(COMPANY_FIELDS, field)) {
      const declared = COMPANY_FIELDS[field];
      return { owner: 'company', field, storage: storageOf(declared), declared };
    }
    return { owner: 'company', key: field, storage: 'json', declared: declaredType(types, name) };
  }
  return { owner: 'contact', key: name, storage: 'json', declared: declaredType(types, name) };
};

export const resolveEventProperty = (name: string): EventPropertySource =>
  name === 'occurredAt'
    ? { field: 'occurredAt', storage: 'instant', declared: 'datetime' }
    : { key: name, storage: 'json', declared: undefined };

/** A custom property's value; inherited object keys (`constructor`, …) are not properties. */
export const customValue = (properties: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(properties, key) ? properties[key] : undefined;

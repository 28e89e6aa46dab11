import { isEventType, type EventType } from '../../domain/event.ts';
import { normalizeEmail } from '../../domain/normalize/email.ts';
import { memoize } from '../../domain/normalize/memo.ts';
import { isoInstantMs } from '../../domain/filter/values.ts';

// One item of an event batch, checked by hand rather than by schema: a batch holds up to 10,000 items,
// and each bad one needs its own short reason while the good ones go on.

// A live site's events name the same known contacts again and again.
const normalizedEmail = memoize(normalizeEmail);

/** The standard contact fields an event may fill or overwrite. */
export const EVENT_CONTACT_FIELDS = ['firstName', 'lastName', 'phone', 'jobTitle', 'country', 'city'] as const;
export type EventContactField = (typeof EVENT_CONTACT_FIELDS)[number];

/** How an event names its contact: at least one of the three. */
export type ContactRef = { id: string | null; email: string | null; anonymousId: string | null };

export type EventItem = {
  index: number;
  /** The client's event id, or the Idempotency-Key of a single event: unique per workspace. */
  externalId: string | null;
  type: EventType;
  occurredAt: string;
  contact: ContactRef;
  fields: Partial<Record<EventContactField, string>>;
  /** `contact.company`: names the company made from a business email domain. */
  companyName: string | null;
  properties: Record<string, unknown>;
};

export type Rejection = { index: number; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ID = 200;
const MAX_TEXT = 255;
/** Clocks drift; an event from further in the future than this is a bug on the sender's side. */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
const CONTACT_KEYS: ReadonlySet<string> = new Set(['id', 'email', 'anonymousId', 'company', ...EVENT_CONTACT_FIELDS]);
const ITEM_KEYS: ReadonlySet<string> = new Set(['id', 'type', 'occurredAt', 'contact', 'properties']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const unknownKeys = (value: Record<string, unknown>, known: ReadonlySet<string>): string[] =>
  Object.keys(value).filter((key) => !known.has(key));

const optionalText = (value: unknown, max: number): string | null | false => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) return false;
  return value.trim();
};

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

const parseContact = (raw: unknown): Parsed<Pick<EventItem, 'contact' | 'fields' | 'companyName'>> => {
  if (!isObject(raw)) return fail('contact must be an object naming the contact by id, email or anonymousId');
  const extra = unknownKeys(raw, CONTACT_KEYS);
  if (extra.length > 0) return fail(`contact has unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`);
  const id = optionalText(raw.id, 36);
  if (id === false || (id !== null && !UUID.test(id))) return fail('contact.id must be a contact id (a UUID)');
  const anonymousId = optionalText(raw.anonymousId, MAX_ID);
  if (anonymousId === false) return fail(`contact.anonymousId must be a non-empty string of at most ${MAX_ID} characters`);
  let email: string | null = null;
  if (raw.email !== undefined && raw.email !== null) {
    const normalized = typeof raw.email === 'string' ? normalizedEmail(raw.email) : null;
    if (!normalized?.valid) return fail(`contact.email ${JSON.stringify(raw.email)} is not a valid email address`);
    email = normalized.email;
  }
  if (id === null && email === null && anonymousId === null) return fail('contact needs an id, an email or an anonymousId');
  const fields: EventItem['fields'] = {};
  for (const name of [...EVENT_CONTACT_FIELDS, 'company'] as const) {
    const value = optionalText(raw[name], MAX_TEXT);
    if (value === false) return fail(`contact.${name} must be a non-empty string of at most ${MAX_TEXT} characters`);
    if (value !== null && name !== 'company') fields[name] = value;
  }
  const companyName = optionalText(raw.company, MAX_TEXT) || null;
  return { ok: true, value: { contact: { id, email, anonymousId }, fields, companyName } };
};

const parseOccurredAt = (raw: unknown, now: Date): Parsed<string> => {
  if (raw === undefined || raw === null) return { ok: true, value: now.toISOString() };
  // Most senders write the time as toISOString does: it is then read the short way, and kept as it came.
  const iso = typeof raw === 'string' ? isoInstantMs(raw) : undefined;
  const time = iso ?? (typeof raw === 'string' ? Date.parse(raw) : Number.NaN);
  if (Number.isNaN(time)) return fail('occurredAt must be an ISO 8601 date-time');
  if (time > now.getTime() + MAX_FUTURE_MS) return fail('occurredAt is more than a day in the future');
  return { ok: true, value: iso === undefined ? new Date(time).toISOString() : (raw as string) };
};

/** Checks one raw item; `idempotencyKey` stands in for the id of a single event sent without one. */
export const parseEventItem = (raw: unknown, index: number, now: Date, idempotencyKey: string | null = null): EventItem | Rejection => {
  if (!isObject(raw)) return { index, reason: 'an event must be a JSON object' };
  const extra = unknownKeys(raw, ITEM_KEYS);
  if (extra.length > 0) return { index, reason: `unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}` };
  const externalId = optionalText(raw.id, MAX_ID);
  if (externalId === false) return { index, reason: `id must be a non-empty string of at most ${MAX_ID} characters` };
  if (typeof raw.type !== 'string' || !isEventType(raw.type)) {
    return { index, reason: `type ${JSON.stringify(raw.type ?? null)} is not an event type (a built-in type or custom:<name>)` };
  }
  const occurredAt = parseOccurredAt(raw.occurredAt, now);
  if (!occurredAt.ok) return { index, reason: occurredAt.reason };
  const contact = parseContact(raw.contact);
  if (!contact.ok) return { index, reason: contact.reason };
  if (raw.properties !== undefined && !isObject(raw.properties)) return { index, reason: 'properties must be an object' };
  return {
    index,
    externalId: externalId ?? idempotencyKey,
    type: raw.type,
    occurredAt: occurredAt.value,
    ...contact.value,
    properties: raw.properties ?? {},
  };
};

export const isRejection = (parsed: EventItem | Rejection): parsed is Rejection => 'reason' in parsed;

import { createHash } from 'node:crypto';
import { isEventType } from '../../domain/event.ts';
import { normalizeEmail } from '../../domain/normalize/email.ts';
import { readInstant } from './cell-values.ts';
import { type Prepared, reject } from './import-setup.ts';

export type EventRow = {
  external_id: string;
  type: string;
  email: string | null;
  anonymous_id: string | null;
  occurred_at: string;
  properties: Record<string, unknown>;
};

/**
 * One event row. Events are appended, never edited: a row without an id gets one derived from its
 * content, so importing the same file again adds nothing.
 */
export const prepareEvent = (cells: Readonly<Record<string, string>>): Prepared<EventRow> => {
  if (cells.type === undefined || !isEventType(cells.type)) return reject(`type "${cells.type ?? ''}" is not an event type`);
  if (cells.occurredAt === undefined) return reject('occurred at is missing');
  const occurredAt = readInstant(cells.occurredAt);
  if (occurredAt === null) return reject(`occurred at "${cells.occurredAt}" is not a date-time`);
  const email = cells.email === undefined ? null : normalizeEmail(cells.email);
  if (email !== null && !email.valid) return reject(`email: "${cells.email}" is not a valid email address`);
  if (email === null && cells.anonymousId === undefined) return reject('an event needs a contact email or an anonymous id');
  const properties = cells.url === undefined ? {} : { url: cells.url };
  const externalId =
    cells.externalId ??
    `csv:${createHash('sha256').update(JSON.stringify([cells.type, email?.email, cells.anonymousId, occurredAt, properties])).digest('hex').slice(0, 32)}`;
  return {
    ok: true,
    key: externalId,
    row: { external_id: externalId, type: cells.type, email: email?.email ?? null, anonymous_id: cells.anonymousId ?? null, occurred_at: occurredAt, properties },
  };
};

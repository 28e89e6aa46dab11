import type { Company, Contact } from '../../domain/contact.ts';
import type { ContactEvent, EventType } from '../../domain/event.ts';
import type { ContactView } from '../../domain/filter/filter.ts';
import type { Queryable } from '../../store/database.ts';
import { rowToRecord } from '../../store/records.ts';

/** A timestamp column as ISO 8601 (pg gives Date objects, PGlite too; text is read as a date-time). */
export const isoInstant = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();

/**
 * What the predictive model sees of many contacts, in three set-based queries. Unlike the lifecycle's
 * states, which read only the event types the configuration looks at, these read the types a model's
 * features count; `eventsBefore` gives each contact the instant its events stop (nothing after it is read).
 */
export const loadPredictiveViews = async (
  q: Queryable,
  workspaceId: string,
  contactIds: readonly string[],
  eventsBefore: (contact: Contact) => string,
): Promise<Map<string, ContactView>> => {
  if (contactIds.length === 0) return new Map();
  const contacts = (
    await q.query('SELECT * FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND merged_into IS NULL', [workspaceId, contactIds])
  ).map((row) => rowToRecord('contact', row) as unknown as Contact);
  const companyIds = [...new Set(contacts.flatMap((c) => (c.companyId === null ? [] : [c.companyId])))];
  const companies = new Map(
    (companyIds.length ? await q.query('SELECT * FROM companies WHERE workspace_id = $1 AND id = ANY($2::uuid[])', [workspaceId, companyIds]) : []).map(
      (row) => [String(row.id), rowToRecord('company', row) as unknown as Company] as const,
    ),
  );
  // The cut-off is applied in SQL, so a contact's later events (the outcome itself) never leave the database.
  const events = await q.query<{ id: string; contact_id: string; type: EventType; occurred_at: unknown; properties: Record<string, unknown> }>(
    `SELECT e.id, e.contact_id, e.type, e.occurred_at, e.properties
       FROM unnest($2::uuid[], $3::timestamptz[]) AS c(id, before)
       JOIN events e ON e.workspace_id = $1 AND e.contact_id = c.id AND e.occurred_at < c.before
      ORDER BY e.occurred_at, e.id`,
    [workspaceId, contacts.map((c) => c.id), contacts.map(eventsBefore)],
  );
  const byContact = new Map<string, ContactEvent[]>();
  for (const e of events) {
    const list = byContact.get(e.contact_id) ?? [];
    list.push({ id: e.id, type: e.type, occurredAt: isoInstant(e.occurred_at), properties: e.properties });
    byContact.set(e.contact_id, list);
  }
  return new Map(
    contacts.map((contact) => [
      contact.id,
      { contact, company: contact.companyId === null ? null : (companies.get(contact.companyId) ?? null), events: byContact.get(contact.id) ?? [] },
    ]),
  );
};

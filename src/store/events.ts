import type { Queryable } from './database.ts';
import { type BinaryColumn, copyBinary } from './copy-binary.ts';

export type NewEvent = {
  id: string;
  externalId?: string | null;
  contactId: string | null;
  anonymousId?: string | null;
  type: string;
  occurredAt: string;
  properties: Record<string, unknown>;
  source?: Record<string, unknown> | null;
};

/** The events columns a batch writes, in its COPY's order (received_at takes its default), and their types. */
const COPY_EVENTS = 'COPY events (workspace_id, id, external_id, contact_id, anonymous_id, type, occurred_at, properties, source) FROM STDIN WITH (FORMAT binary)';
const EVENT_COLUMNS: readonly BinaryColumn[] = ['uuid', 'uuid', 'text', 'uuid', 'text', 'text', 'timestamptz', 'jsonb', 'jsonb'];

/** The unique index a concurrent request's event id meets. */
export const EXTERNAL_ID_INDEX = 'events_external_id';

/**
 * Appends events with one COPY: the batch's rows go in COPY's binary format, which PostgreSQL reads faster than its
 * text (copy-binary.ts), as it reads the text faster than the same rows as a JSON record set (the ingestion
 * benchmark's writes of 100,000 events: 3.5–3.8 s against 4.5–4.9 s, summed over their statements, alternating).
 * `occurredAt` is an ISO 8601 instant. The caller has left out the external ids the
 * workspace already has; one that a concurrent request stores meanwhile fails the COPY with a unique violation on
 * EXTERNAL_ID_INDEX, and the caller runs again (its check then finds the event stored).
 */
export const insertEvents = async (q: Queryable, workspaceId: string, events: readonly NewEvent[]): Promise<void> => {
  if (events.length === 0) return;
  await q.copyIn(
    COPY_EVENTS,
    copyBinary(
      EVENT_COLUMNS,
      events.map((e) => [
        workspaceId,
        e.id,
        e.externalId ?? null,
        e.contactId,
        e.anonymousId ?? null,
        e.type,
        e.occurredAt,
        JSON.stringify(e.properties),
        e.source ? JSON.stringify(e.source) : null,
      ]),
    ),
  );
};

/**
 * Marks the caller's transaction as one that steps every event it writes to a contact, or joins to one (event
 * ingestion): the trigger that clears a contact's engagement summary when an event from before its anchor is written
 * passes it over (`leadcycle.events_stepped`, migration 0015), since the step itself sums such a contact's whole history.
 */
export const markEventsStepped = async (q: Queryable): Promise<void> => {
  await q.query("SELECT set_config('leadcycle.events_stepped', 'on', true)");
};

import type { Queryable } from './database.ts';
import { recordSet } from './record-set.ts';

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

/**
 * Appends events with one statement. Events whose external id the workspace already has are skipped
 * (idempotency); the ids actually written are returned.
 */
export const insertEvents = async (q: Queryable, workspaceId: string, events: readonly NewEvent[]): Promise<Set<string>> => {
  if (events.length === 0) return new Set();
  const rows = await q.query<{ id: string }>(
    `INSERT INTO events (workspace_id, id, external_id, contact_id, anonymous_id, type, occurred_at, properties, source)
     SELECT $1, x.id, x.external_id, x.contact_id, x.anonymous_id, x.type, x.occurred_at, coalesce(x.properties, '{}'::jsonb), x.source
       FROM ${recordSet('$2', 'x', ['id uuid', 'external_id text', 'contact_id uuid', 'anonymous_id text', 'type text', 'occurred_at timestamptz', 'properties jsonb', 'source jsonb'])}
     ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      workspaceId,
      JSON.stringify(
        events.map((e) => ({
          id: e.id,
          external_id: e.externalId ?? null,
          contact_id: e.contactId,
          anonymous_id: e.anonymousId ?? null,
          type: e.type,
          occurred_at: e.occurredAt,
          properties: e.properties,
          source: e.source ?? null,
        })),
      ),
    ],
  );
  return new Set(rows.map((r) => r.id));
};

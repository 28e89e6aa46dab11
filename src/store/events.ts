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
  // Counted in the database rather than returned row by row: all are written but for a retry racing a concurrent
  // request, and only then are the written ones looked up (this transaction sees its own rows).
  const [row] = await q.query<{ written: number }>(
    `WITH w AS (INSERT INTO events (workspace_id, id, external_id, contact_id, anonymous_id, type, occurred_at, properties, source)
     SELECT $1, x.id, x.external_id, x.contact_id, x.anonymous_id, x.type, x.occurred_at, coalesce(x.properties, '{}'::jsonb), x.source
       FROM ${recordSet('$2', 'x', ['id uuid', 'external_id text', 'contact_id uuid', 'anonymous_id text', 'type text', 'occurred_at timestamptz', 'properties jsonb', 'source jsonb'])}
     ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
     RETURNING 1)
     SELECT count(*)::int AS written FROM w`,
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
  const ids = events.map((e) => e.id);
  if (row!.written === events.length) return new Set(ids);
  const written = await q.query<{ id: string }>('SELECT id FROM events WHERE workspace_id = $1 AND id = ANY($2::uuid[])', [workspaceId, ids]);
  return new Set(written.map((r) => r.id));
};

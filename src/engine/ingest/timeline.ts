import type { Queryable } from '../../store/database.ts';
import { decodeCursor, encodeCursor } from '../../store/records.ts';
import { invalid, notFound } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { instantText } from '../../store/instant-text.ts';

export type TimelineEntry = { kind: 'event' | 'transition' | 'change'; id: string; at: string; data: Record<string, unknown> };

// Three histories of a contact in one keyset-paginated stream: what it did (events), where it moved
// (stage transitions) and what people changed (audit log).
const TIMELINE_SQL = `
  SELECT kind, id, at, data FROM (
    SELECT 'event' AS kind, e.id, e.occurred_at AS at,
           jsonb_build_object('type', e.type, 'properties', e.properties, 'source', e.source, 'anonymousId', e.anonymous_id) AS data
      FROM events e WHERE e.workspace_id = $1 AND e.contact_id = $2
    UNION ALL
    SELECT 'transition', t.id, t.entered_at,
           jsonb_build_object('from', t.from_stage, 'to', t.to_stage, 'exitedAt', t.exited_at, 'skipped', t.skipped,
                              'cause', t.cause_type, 'eventId', t.cause_event_id, 'userId', t.cause_user_id, 'reason', t.reason)
      FROM stage_transitions t WHERE t.workspace_id = $1 AND t.contact_id = $2
    UNION ALL
    SELECT 'change', a.id, a.at,
           jsonb_build_object('action', a.action, 'changes', a.changes, 'reason', a.reason, 'actorType', a.actor_type, 'actorId', a.actor_id)
      FROM audit_log a WHERE a.workspace_id = $1 AND a.object_type = 'contact' AND a.object_id = $2
  ) entries
  WHERE $3::timestamptz IS NULL OR at < $3::timestamptz OR (at = $3::timestamptz AND id < $4::uuid)
  ORDER BY at DESC, id DESC
  LIMIT $5`;

const requireContact = async (q: Queryable, workspaceId: string, id: string): Promise<void> => {
  const [row] = await q.query<{ merged_into: string | null }>('SELECT merged_into FROM contacts WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!row || row.merged_into) throw notFound(`contact ${id}`);
};

/** A contact's events, transitions and audited changes, newest first, a page at a time. */
export const contactTimeline = async (
  ctx: RequestContext,
  contactId: string,
  page: { limit: number; cursor?: string },
): Promise<{ data: TimelineEntry[]; nextCursor: string | null }> => {
  const cursor = page.cursor ? decodeCursor(page.cursor) : undefined;
  if (cursor === null) throw invalid('cursor is not one this API gave out', [{ field: 'cursor', message: 'unreadable cursor' }]);
  await requireContact(ctx.db, ctx.workspaceId, contactId);
  const rows = await ctx.db.query<{ kind: TimelineEntry['kind']; id: string; at: unknown; data: Record<string, unknown> }>(TIMELINE_SQL, [
    ctx.workspaceId,
    contactId,
    cursor?.value ?? null,
    cursor?.id ?? null,
    page.limit + 1,
  ]);
  const data = rows.slice(0, page.limit).map((row) => ({ kind: row.kind, id: row.id, at: instantText(row.at), data: row.data }));
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > page.limit && last ? encodeCursor({ value: last.at, id: last.id }) : null };
};

import type { SourceTouch } from '../../domain/contact.ts';
import type { Queryable } from '../../store/database.ts';

export type ContactTouch = { contactId: string; source: SourceTouch };

/**
 * Sets each contact's original source from its earliest known touch and its latest source from the
 * newest, in one statement. The original source only ever moves earlier (a late-delivered event, or
 * anonymous touches joining on identification) and never once an admin has set it by hand.
 */
export const updateContactSources = async (q: Queryable, workspaceId: string, touches: readonly ContactTouch[]): Promise<void> => {
  const span = new Map<string, { first: SourceTouch; latest: SourceTouch }>();
  for (const { contactId, source } of touches) {
    const seen = span.get(contactId);
    if (!seen) span.set(contactId, { first: source, latest: source });
    else {
      if (source.at < seen.first.at) seen.first = source;
      if (source.at >= seen.latest.at) seen.latest = source;
    }
  }
  if (span.size === 0) return;
  const rows = [...span].map(([id, { first, latest }]) => ({ id, first, first_at: first.at, latest, latest_at: latest.at }));
  await q.query(
    `UPDATE contacts c SET
        original_source = CASE WHEN c.original_source IS NULL
                                 OR (NOT c.original_source_locked AND (c.original_source->>'at')::timestamptz > u.first_at)
                               THEN u.first ELSE c.original_source END,
        latest_source = CASE WHEN c.latest_source IS NULL OR (c.latest_source->>'at')::timestamptz <= u.latest_at
                             THEN u.latest ELSE c.latest_source END
       FROM jsonb_to_recordset($2::jsonb) AS u(id uuid, first jsonb, first_at timestamptz, latest jsonb, latest_at timestamptz)
      WHERE c.workspace_id = $1 AND c.id = u.id`,
    [workspaceId, JSON.stringify(rows)],
  );
};

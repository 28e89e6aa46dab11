import type { Queryable } from '../../store/database.ts';
import { FIELD_COLUMNS } from './contact-fields.ts';
import { SOURCE_ASSIGNMENTS, type SourceSpan } from './contact-sources.ts';
import type { EventContactField } from './event-item.ts';

const COLUMNS = Object.entries(FIELD_COLUMNS) as [EventContactField, string][];

/**
 * Writes what a batch of events says about its contacts — the standard fields they gave and their
 * original and latest sources — with one statement for the whole batch.
 */
export const writeEventContactUpdates = async (
  q: Queryable,
  workspaceId: string,
  fields: ReadonlyMap<string, Partial<Record<EventContactField, string>>>,
  spans: ReadonlyMap<string, SourceSpan>,
): Promise<void> => {
  const ids = new Set([...fields.keys(), ...spans.keys()]);
  if (ids.size === 0) return;
  const rows = [...ids].map((id) => {
    const given = fields.get(id) ?? {};
    const span = spans.get(id);
    return {
      id,
      ...Object.fromEntries(COLUMNS.map(([field, column]) => [column, given[field] ?? null])),
      first: span?.first ?? null,
      first_at: span?.first.at ?? null,
      latest: span?.latest ?? null,
      latest_at: span?.latest.at ?? null,
    };
  });
  await q.query(
    `UPDATE contacts c SET ${COLUMNS.map(([, col]) => `${col} = COALESCE(u.${col}, c.${col})`).join(', ')},${SOURCE_ASSIGNMENTS},
        updated_at = CASE WHEN ${COLUMNS.map(([, col]) => `u.${col} IS NULL`).join(' AND ')} THEN c.updated_at ELSE now() END
       FROM jsonb_to_recordset($2::jsonb) AS u(id uuid, ${COLUMNS.map(([, col]) => `${col} text`).join(', ')},
            first jsonb, first_at timestamptz, latest jsonb, latest_at timestamptz)
      WHERE c.workspace_id = $1 AND c.id = u.id`,
    [workspaceId, JSON.stringify(rows)],
  );
};

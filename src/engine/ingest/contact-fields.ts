import type { Queryable } from '../../store/database.ts';
import { EVENT_CONTACT_FIELDS, type EventItem } from './event-item.ts';

const COLUMNS: Record<(typeof EVENT_CONTACT_FIELDS)[number], string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  jobTitle: 'job_title',
  country: 'country',
  city: 'city',
};

/**
 * Writes the standard fields events gave about their contacts, one statement for the batch. Only the
 * fields given change; when several events of a contact give one, the newest wins.
 */
export const applyContactFields = async (
  q: Queryable,
  workspaceId: string,
  items: readonly { item: EventItem; contactId: string }[],
): Promise<void> => {
  const merged = new Map<string, EventItem['fields']>();
  for (const { item, contactId } of [...items].sort((a, b) => (a.item.occurredAt < b.item.occurredAt ? -1 : 1))) {
    if (Object.keys(item.fields).length === 0) continue;
    merged.set(contactId, { ...merged.get(contactId), ...item.fields });
  }
  if (merged.size === 0) return;
  const rows = [...merged].map(([id, fields]) => ({ id, ...Object.fromEntries(EVENT_CONTACT_FIELDS.map((f) => [COLUMNS[f], fields[f] ?? null])) }));
  const columns = Object.values(COLUMNS);
  await q.query(
    `UPDATE contacts c SET ${columns.map((col) => `${col} = COALESCE(u.${col}, c.${col})`).join(', ')}, updated_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS u(id uuid, ${columns.map((col) => `${col} text`).join(', ')})
      WHERE c.workspace_id = $1 AND c.id = u.id`,
    [workspaceId, JSON.stringify(rows)],
  );
};

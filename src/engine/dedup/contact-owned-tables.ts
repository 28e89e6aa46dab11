import type { Queryable } from '../../store/database.ts';

/**
 * A table whose rows belong to a contact through `contact_id`, with its primary key columns (after
 * workspace_id). When the key holds contact_id (deal_contacts, per-contact scores), the loser's row may
 * collide with the survivor's: such rows are moved by delete and re-insert, keeping the originals.
 */
export type ContactOwnedTable = { table: string; key: string[]; keyHoldsContact: boolean };

/**
 * Every contact-owned table, read from the schema, so a merge also moves the rows of tables added
 * after it was written (tasks, list memberships, visitor links, …).
 */
export const contactOwnedTables = async (q: Queryable): Promise<ContactOwnedTable[]> => {
  const rows = await q.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, k.column_name
     FROM information_schema.columns c
     JOIN information_schema.table_constraints t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY'
     JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema AND k.constraint_name = t.constraint_name AND k.table_name = t.table_name
     WHERE c.table_schema = current_schema() AND c.column_name = 'contact_id' AND k.column_name <> 'workspace_id'
     ORDER BY c.table_name, k.ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const r of rows) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r.column_name]);
  return [...tables].map(([table, key]) => ({ table, key, keyHoldsContact: key.includes('contact_id') }));
};

/** The key of each row, as a JSON object, comparable with `=` in SQL. */
export const rowKeySql = (key: readonly string[]): string => `jsonb_build_object(${key.map((k) => `'${k}', ${k}`).join(', ')})`;

import type { Queryable, Row } from './database.ts';
import { type ObjectType, RECORD_TABLES } from './record-tables.ts';

/** A stored record in API shape: camelCase fields, ISO timestamps. */
export type StoredRecord = Record<string, unknown> & { id: string };

const toJson = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/** Each type's [field, column] pairs, listed once: every record read (a page is many) walks them. */
const FIELD_COLUMNS = Object.fromEntries(
  Object.entries(RECORD_TABLES).map(([type, { columns }]) => [type, Object.entries(columns).map(([field, { column }]) => [field, column] as const)]),
) as Record<ObjectType, (readonly [string, string])[]>;

export const rowToRecord = (type: ObjectType, row: Row): StoredRecord => {
  const out: Record<string, unknown> = {};
  for (const [field, column] of FIELD_COLUMNS[type]) {
    const value = row[column];
    if (value !== undefined || column in row) out[field] = toJson(value);
  }
  return out as StoredRecord;
};

const encode = (type: ObjectType, field: string, value: unknown): unknown => {
  const column = RECORD_TABLES[type].columns[field];
  if (!column) throw new Error(`unknown ${type} field ${field}`);
  return column.type === 'jsonb' && value !== null && value !== undefined ? JSON.stringify(value) : value;
};

const columnOf = (type: ObjectType, field: string): string => {
  const column = RECORD_TABLES[type].columns[field];
  if (!column) throw new Error(`unknown ${type} field ${field}`);
  return column.column;
};

export const insertRecord = async (
  q: Queryable,
  workspaceId: string,
  type: ObjectType,
  values: Record<string, unknown> & { id: string },
): Promise<StoredRecord> => {
  const fields = Object.keys(values).filter((f) => values[f] !== undefined);
  const cols = ['workspace_id', ...fields.map((f) => columnOf(type, f))];
  const params = [workspaceId, ...fields.map((f) => encode(type, f, values[f]))];
  const [row] = await q.query(
    `INSERT INTO ${RECORD_TABLES[type].table} (${cols.join(', ')}) VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    params,
  );
  return rowToRecord(type, row!);
};

export const getRecord = async (
  q: Queryable,
  workspaceId: string,
  type: ObjectType,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredRecord | null> => {
  const [row] = await q.query(
    `SELECT * FROM ${RECORD_TABLES[type].table} WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return row ? rowToRecord(type, row) : null;
};

export const updateRecord = async (
  q: Queryable,
  workspaceId: string,
  type: ObjectType,
  id: string,
  changes: Record<string, unknown>,
): Promise<StoredRecord | null> => {
  const fields = Object.keys(changes).filter((f) => changes[f] !== undefined);
  const sets = fields.map((f, i) => `${columnOf(type, f)} = $${i + 3}`);
  const [row] = await q.query(
    `UPDATE ${RECORD_TABLES[type].table} SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING *`,
    [workspaceId, id, ...fields.map((f) => encode(type, f, changes[f]))],
  );
  return row ? rowToRecord(type, row) : null;
};

export const deleteRecord = async (q: Queryable, workspaceId: string, type: ObjectType, id: string): Promise<boolean> => {
  const rows = await q.query(`DELETE FROM ${RECORD_TABLES[type].table} WHERE workspace_id = $1 AND id = $2 RETURNING id`, [
    workspaceId,
    id,
  ]);
  return rows.length > 0;
};

export type ListQuery = {
  /** Extra conditions as a SQL boolean over the table aliased `r`, with parameters numbered from $2. */
  where?: { sql: string; params: unknown[] }[];
  sort: string;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: Cursor;
};

/** Keyset position: the sort value and id of the last record of the previous page. */
export type Cursor = { value: unknown; id: string };

export const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');

export const decodeCursor = (raw: string): Cursor | null => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'string') return null;
    return { value: parsed[0], id: parsed[1] };
  } catch {
    return null;
  }
};

/** Renumbers `$n` placeholders of a fragment so it can follow `offset` earlier parameters. */
const shift = (sql: string, offset: number): string => sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);

/** One page in sort order (nulls last either way), with the cursor of the next page when there is one. */
export const listRecords = async (
  q: Queryable,
  workspaceId: string,
  type: ObjectType,
  query: ListQuery,
): Promise<{ records: StoredRecord[]; nextCursor: string | null }> => {
  const { table } = RECORD_TABLES[type];
  const col = `r.${columnOf(type, query.sort)}`;
  const params: unknown[] = [workspaceId];
  const conditions = ['r.workspace_id = $1'];
  for (const fragment of query.where ?? []) {
    conditions.push(`(${shift(fragment.sql, params.length - 1)})`);
    params.push(...fragment.params);
  }
  if (query.cursor) {
    const after = query.order === 'asc' ? '>' : '<';
    params.push(query.cursor.id);
    const idParam = `$${params.length}`;
    if (query.cursor.value === null) {
      conditions.push(`(${col} IS NULL AND r.id ${after} ${idParam})`);
    } else {
      params.push(query.cursor.value);
      const valueParam = `$${params.length}`;
      conditions.push(`(${col} ${after} ${valueParam} OR (${col} = ${valueParam} AND r.id ${after} ${idParam}) OR ${col} IS NULL)`);
    }
  }
  params.push(query.limit + 1);
  const rows = await q.query(
    `SELECT r.* FROM ${table} r WHERE ${conditions.join(' AND ')} ORDER BY ${col} ${query.order} NULLS LAST, r.id ${query.order} LIMIT $${params.length}`,
    params,
  );
  const records = rows.slice(0, query.limit).map((row) => rowToRecord(type, row));
  const last = records[records.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ value: last[query.sort] ?? null, id: last.id }) : null;
  return { records, nextCursor };
};

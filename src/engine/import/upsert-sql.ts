// One INSERT … SELECT FROM json_to_recordset … ON CONFLICT DO UPDATE per batch. The update only
// happens when it changes something, so a re-run of the same rows leaves them (and updated_at) alone
// and is counted as unchanged.

import { recordSet } from '../../store/record-set.ts';

/** How an existing row takes an imported value: the file's when it has one, the stored one first, merged, or never. */
export type UpdateRule = 'prefer_new' | 'keep_old' | 'merge' | 'insert_only';

export type UpsertColumn = { column: string; update: UpdateRule; /** SQL over the input row `i`; default `i.<column>` */ expr?: string };

export type UpsertSpec = {
  table: string;
  /** The conflict target, with the partial index's predicate where it has one. */
  conflict: string;
  /** The record set's fields and SQL types, e.g. `email text`. Must include `id uuid`. */
  input: readonly string[];
  columns: readonly UpsertColumn[];
};

const newValue = (c: UpsertColumn): string => {
  switch (c.update) {
    case 'prefer_new':
      return `COALESCE(EXCLUDED.${c.column}, t.${c.column})`;
    case 'keep_old':
      return `COALESCE(t.${c.column}, EXCLUDED.${c.column})`;
    case 'merge':
      return `t.${c.column} || EXCLUDED.${c.column}`;
    case 'insert_only':
      return `t.${c.column}`;
  }
};

/** The rows of parameter $2 as a record set aliased `i` (see recordSet). */
const rowsOf = (spec: UpsertSpec): string => recordSet('$2', 'i', spec.input);

/** The insert of the rows of `source` (whose rows are `i`) into the table aliased `t`, in workspace $1. */
const insertFrom = (spec: UpsertSpec, source: string): string =>
  `INSERT INTO ${spec.table} AS t (workspace_id, id, ${spec.columns.map((c) => c.column).join(', ')})
SELECT $1, i.id, ${spec.columns.map((c) => c.expr ?? `i.${c.column}`).join(', ')} FROM ${source}`;

/**
 * Parameters: $1 the workspace id, $2 the rows as a JSON array. Returns one row `{ inserted, written }`: the rows
 * inserted, and the rows inserted or updated (counted in the database rather than returned one by one).
 */
export const upsertSql = (spec: UpsertSpec): string => {
  const updatable = spec.columns.filter((c) => c.update !== 'insert_only');
  return `WITH i AS (SELECT * FROM ${rowsOf(spec)}),
w AS (${insertFrom(spec, 'i')}
ON CONFLICT ${spec.conflict} DO UPDATE SET ${updatable.map((c) => `${c.column} = ${newValue(c)}`).join(', ')}, updated_at = now()
WHERE (${updatable.map((c) => `t.${c.column}`).join(', ')}) IS DISTINCT FROM (${updatable.map(newValue).join(', ')})
RETURNING (t.xmax::text = '0') AS inserted)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*)::int AS written FROM w`;
};

/**
 * The insert half alone: rows whose key is already taken are left for the upsert. Parameters as `upsertSql`;
 * returns the id of each row inserted.
 */
export const insertNewSql = (spec: UpsertSpec): string => `${insertFrom(spec, rowsOf(spec))}
ON CONFLICT ${spec.conflict} DO NOTHING RETURNING id`;

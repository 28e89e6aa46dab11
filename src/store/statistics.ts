// The planner's statistics, kept in step with what the engine writes. Autovacuum may be off, and it never runs on
// PGlite; even when it runs, a workspace growing inside a table shared with others stays unknown to the statistics
// (estimated at a row or so) until the whole table has changed by a tenth. The planner then runs every lookup by
// key in that workspace (contacts by id, events by contact) as a scan of the whole workspace: on a 37,000-contact
// workspace, 0.3–0.8 s per lookup of 2,000 keys instead of a few milliseconds.

import type { Queryable } from './database.ts';

/**
 * After a bulk load: like autovacuum, the table is analyzed once the rows written reach a tenth of the rows it had
 * when last analyzed. Says whether it analyzed.
 */
export const refreshStatistics = async (q: Queryable, table: string, written: number): Promise<boolean> => {
  if (written < Math.max(1000, 0.1 * (await analyzedRows(q, table)))) return false;
  await q.exec(`ANALYZE ${table}`);
  return true;
};

/** The rows the table had when last analyzed (0 if never). */
const analyzedRows = async (q: Queryable, table: string): Promise<number> => {
  const [stats] = await q.query<{ reltuples: number }>('SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = $1::regclass', [table]);
  return Math.max(stats?.reltuples ?? 0, 0);
};

/** The tables whose per-workspace growth is watched. */
export type WatchedTable = 'contacts' | 'events';

const FIRST_CHECK = 1000;

type Growth = { written: number; nextCheck: number };

// Rows this process wrote, per database, table and workspace; with the count at which to look next.
const growth = new WeakMap<object, Map<string, Growth>>();

const planRows = (row: Record<string, unknown> | undefined): number => {
  const raw = row?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
  return plan?.[0]?.Plan?.['Plan Rows'] ?? 0;
};

const estimatedRows = async (q: Queryable, table: WatchedTable, workspaceId: string): Promise<number> =>
  planRows((await q.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} WHERE workspace_id = $1`, [workspaceId]))[0]);

/**
 * Notes the rows a workspace just wrote (after the transaction committed). Each time this process's count for the
 * workspace reaches 1,000, then twice that, and so on, the planner's estimate of the workspace's rows is read; when
 * it is under half of what this process alone wrote, the table is analyzed. So a growing workspace costs a few
 * EXPLAINs over its life, and an ANALYZE only when the statistics have lost it and can find it again: a workspace
 * under 1% of its table is too small for a table's sample to single it out, and one that an ANALYZE did not bring
 * into view is not analyzed for again.
 */
export const keepStatistics = async (db: Queryable, workspaceId: string, written: Partial<Record<WatchedTable, number>>): Promise<void> => {
  let tables = growth.get(db);
  if (!tables) growth.set(db, (tables = new Map()));
  for (const [table, rows] of Object.entries(written) as [WatchedTable, number][]) {
    if (!(rows > 0)) continue;
    const key = `${table} ${workspaceId}`;
    const seen = tables.get(key) ?? { written: 0, nextCheck: FIRST_CHECK };
    seen.written += rows;
    tables.set(key, seen);
    if (seen.written < seen.nextCheck) continue;
    seen.nextCheck = seen.written * 2;
    if ((await estimatedRows(db, table, workspaceId)) >= seen.written / 2) continue;
    if (seen.written < 0.01 * (await analyzedRows(db, table))) continue;
    await db.exec(`ANALYZE ${table}`);
    if ((await estimatedRows(db, table, workspaceId)) < seen.written / 2) seen.nextCheck = Number.POSITIVE_INFINITY;
  }
};

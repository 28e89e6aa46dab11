// The attribution report's stored credits: each conversion credited once, under every model and by both keys, when
// its contacts go stale (the triggers of migration 0013 mark them in the transaction of the change), so that a
// report adds up stored rows instead of reading every journey's events.

import { type CreditKey, UNATTRIBUTED } from '../../domain/attribution/aggregate-credits.ts';
import { attribute, ATTRIBUTION_MODELS } from '../../domain/attribution/models.ts';
import type { Database, Queryable } from '../../store/database.ts';
import { refreshStatistics } from '../../store/statistics.ts';
import { ATTRIBUTION_METRICS, type AttributionMetric, type Conversion, isDealMetric, readConversions } from './attribution-report.ts';

const KEYS: readonly CreditKey[] = ['channel', 'campaign'];
const CONTACT_METRICS = ATTRIBUTION_METRICS.filter((metric) => !isDealMetric(metric));
const DEAL_METRICS = ATTRIBUTION_METRICS.filter(isDealMetric);

/** A conversion's credit to each key under each model, in ATTRIBUTION_MODELS' order. */
const conversionCredits = (conversion: Conversion, by: CreditKey): Map<string, number[]> => {
  const credits = new Map<string, number[]>();
  const { journey } = conversion;
  if (!journey) return new Map([[UNATTRIBUTED, ATTRIBUTION_MODELS.map(() => conversion.value)]]);
  ATTRIBUTION_MODELS.forEach((model, m) => {
    const split = attribute(model, journey);
    journey.touches.forEach((touch, i) => {
      const key = touch[by] ?? UNATTRIBUTED;
      let row = credits.get(key);
      if (!row) credits.set(key, (row = ATTRIBUTION_MODELS.map(() => 0)));
      row[m]! += split[i] ?? 0;
    });
  });
  return credits;
};

/** Stores a page of a metric's conversions and their credits. */
const storeConversions = async (tx: Queryable, workspaceId: string, metric: AttributionMetric, conversions: readonly Conversion[]): Promise<void> => {
  if (conversions.length === 0) return;
  await tx.query(
    `INSERT INTO attribution_conversions (workspace_id, metric, conv_id, at, value)
     SELECT $1, $2, r.conv_id, r.at, r.value FROM json_to_recordset($3::json) AS r(conv_id uuid, at timestamptz, value bigint)`,
    [workspaceId, metric, JSON.stringify(conversions.map((c) => ({ conv_id: c.id, at: c.at, value: c.value })))],
  );
  if (isDealMetric(metric)) {
    await tx.query(
      `INSERT INTO attribution_deal_contacts (workspace_id, deal_id, contact_id)
       SELECT $1, r.deal_id, r.contact_id FROM json_to_recordset($2::json) AS r(deal_id uuid, contact_id uuid) ON CONFLICT DO NOTHING`,
      [workspaceId, JSON.stringify(conversions.flatMap((c) => c.contactIds.map((contactId) => ({ deal_id: c.id, contact_id: contactId }))))],
    );
  }
  const rows = conversions.flatMap((c) =>
    KEYS.flatMap((by) => [...conversionCredits(c, by)].map(([key, credits]) => ({ conv_id: c.id, at: c.at, by, key, credits }))),
  );
  await tx.query(
    `INSERT INTO attribution_credits (workspace_id, metric, by, conv_id, key, at, ${ATTRIBUTION_MODELS.join(', ')})
     SELECT $1, $2, r.by, r.conv_id, r.key, r.at, ${ATTRIBUTION_MODELS.map((_, m) => `r.credits[${m + 1}]`).join(', ')}
       FROM json_to_recordset($3::json) AS r(by text, conv_id uuid, key text, at timestamptz, credits float8[])`,
    [workspaceId, metric, JSON.stringify(rows)],
  );
};

/**
 * Recomputes the stored conversions and credits of the given contacts, in `tx`: their own conversions (contacts
 * created, stage entries) and those of every deal they are, or were when last stored, part of.
 */
const restore = async (tx: Queryable, workspaceId: string, ids: readonly string[]): Promise<number> => {
  await tx.query('DELETE FROM attribution_credits WHERE workspace_id = $1 AND metric = ANY($2::text[]) AND conv_id = ANY($3::uuid[])', [workspaceId, CONTACT_METRICS, ids]);
  await tx.query('DELETE FROM attribution_conversions WHERE workspace_id = $1 AND metric = ANY($2::text[]) AND conv_id = ANY($3::uuid[])', [workspaceId, CONTACT_METRICS, ids]);
  // The deals these contacts are in now, or were in when their deals were last stored.
  const deals = (
    await tx.query<{ deal_id: string }>(
      `SELECT deal_id FROM attribution_deal_contacts WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[])
       UNION SELECT deal_id FROM deal_contacts WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[])`,
      [workspaceId, ids],
    )
  ).map((row) => row.deal_id);
  for (const table of ['attribution_conversions', 'attribution_credits']) {
    await tx.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND metric = ANY($2::text[]) AND conv_id = ANY($3::uuid[])`, [workspaceId, DEAL_METRICS, deals]);
  }
  await tx.query('DELETE FROM attribution_deal_contacts WHERE workspace_id = $1 AND deal_id = ANY($2::uuid[])', [workspaceId, deals]);
  let stored = 0;
  for (const metric of ATTRIBUTION_METRICS) {
    await readConversions(tx, workspaceId, { metric }, { kind: 'ids', ids }, async (conversions) => {
      await storeConversions(tx, workspaceId, metric, conversions);
      stored += conversions.length;
    });
  }
  return stored;
};

export type RefreshResult = { contacts: number; conversions: number };

/**
 * Brings the workspace's stored credits up to date: a batch of stale contacts a transaction, in key order, each
 * batch's marks taken FOR UPDATE (so a change still in progress on one of them is waited for, and read) and deleted
 * with the credits recomputed. A contact marked again after its batch is left for the next run, so a busy workspace
 * never keeps a run going.
 */
export const refreshAttribution = async (db: Database, workspaceId: string, { batch = 500 } = {}): Promise<RefreshResult> => {
  const [stale] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM attribution_stale WHERE workspace_id = $1', [workspaceId]);
  const result: RefreshResult = { contacts: 0, conversions: 0 };
  if (!stale?.n) return result;
  await refreshStatistics(db, 'attribution_stale', stale.n);
  // The stored tables grow under the job: their statistics follow (as autovacuum would, which may be off, and never
  // runs on PGlite), or the planner, taking them for small, reads a workspace's rows where it should seek a batch's.
  let unanalyzed = 0;
  const analyze = async () => {
    if (!(await refreshStatistics(db, 'attribution_conversions', unanalyzed))) return;
    await db.exec('ANALYZE attribution_credits');
    unanalyzed = 0;
  };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const ids = (
        await tx.query<{ contact_id: string }>(
          'SELECT contact_id FROM attribution_stale WHERE workspace_id = $1 AND contact_id > $2 ORDER BY contact_id LIMIT $3 FOR UPDATE',
          [workspaceId, after, batch],
        )
      ).map((row) => row.contact_id);
      if (ids.length === 0) return null;
      await tx.query('DELETE FROM attribution_stale WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[])', [workspaceId, ids]);
      return { ids, stored: await restore(tx, workspaceId, ids) };
    });
    if (!done) return result;
    result.contacts += done.ids.length;
    result.conversions += done.stored;
    unanalyzed += done.stored;
    await analyze();
    after = done.ids.at(-1)!;
  }
};

/** Workspaces with stale contacts, found without reading every mark (one index probe a workspace). */
export const workspacesToRefresh = async (q: Queryable): Promise<string[]> =>
  (
    await q.query<{ id: string }>(
      `WITH RECURSIVE w AS (
         (SELECT workspace_id AS id FROM attribution_stale ORDER BY workspace_id LIMIT 1)
         UNION ALL
         SELECT (SELECT s.workspace_id FROM attribution_stale s WHERE s.workspace_id > w.id ORDER BY s.workspace_id LIMIT 1) FROM w WHERE w.id IS NOT NULL)
       SELECT id FROM w WHERE id IS NOT NULL`,
    )
  ).map((row) => row.id);

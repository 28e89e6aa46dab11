import { aggregateCredits, type CreditKey, UNATTRIBUTED } from '../../domain/attribution/aggregate-credits.ts';
import type { Journey, ValueUnit } from '../../domain/attribution/journey.ts';
import { type AttributionModel, positionShares, timeDecayWeightSql, weighsByPosition } from '../../domain/attribution/models.ts';
import type { Queryable } from '../../store/database.ts';
import type { RequestContext } from '../context.ts';
import { instantText } from '../../store/instant-text.ts';

export const ATTRIBUTION_METRICS = ['contacts', 'mqls', 'sqls', 'opportunities', 'pipeline', 'revenue'] as const;
export type AttributionMetric = (typeof ATTRIBUTION_METRICS)[number];

export type AttributionQuery = { model: AttributionModel; metric: AttributionMetric; by: CreditKey; from?: string; to?: string };

export type AttributionReport = {
  model: AttributionModel;
  metric: AttributionMetric;
  by: CreditKey;
  unit: 'count' | 'minor_units';
  /** Conversions (contacts, stage entries or deals) in the period. */
  conversions: number;
  /** What the credits add up to: the conversions, or the deal amounts for pipeline and revenue. */
  total: number;
  rows: { key: string; credit: number }[];
};

/**
 * The credit of each key; the period's conversions and what they add up to; and the value of those that had a touch
 * to credit (the rest goes unattributed).
 */
export type Credits = { credits: Map<string, number>; conversions: number; total: number; touched: number };

/** The stage whose first entry each stage metric counts. */
export const STAGE_OF: Partial<Record<AttributionMetric, string>> = { mqls: 'marketing_qualified', sqls: 'sales_qualified', opportunities: 'opportunity' };

export const unitOf = (metric: AttributionMetric): ValueUnit => (metric === 'pipeline' || metric === 'revenue' ? 'minor_units' : 'count');

/** Metrics whose conversions are deals (the others' are contacts). */
export const isDealMetric = (metric: AttributionMetric): boolean => metric === 'pipeline' || metric === 'revenue';

/**
 * Whose conversions a statement credits: every contact's, the stale contacts' (attribution_stale: those whose stored
 * credits may be out of date), or the given contacts'. A deal is a stale or given contact's when one of its
 * contacts is.
 */
export type Subjects = { kind: 'all' } | { kind: 'stale' } | { kind: 'ids'; ids: readonly string[] };

/** The condition that a contact id column names one of the subjects; `$n` is where the ids go. */
const subjectCondition = (subjects: Subjects, column: string, n: number): string =>
  subjects.kind === 'all'
    ? 'true'
    : subjects.kind === 'stale'
      ? `${column} IN (SELECT s.contact_id FROM attribution_stale s WHERE s.workspace_id = $1)`
      : `${column} = ANY($${n}::uuid[])`;

/**
 * The metric's conversions in the period as SQL, one row each: `conv_id, contact_ids` (the contacts whose touches
 * count: a deal has several), `at, value`, and the times of the milestones, lead creation (the contacts' first
 * creation), opportunity creation and close. Parameters: $1 the workspace, $2 and $3 the period's bounds (either may
 * be null), then `params` from $4: the stage, or the deal statuses.
 */
const metricConversionsSql = (metric: AttributionMetric, subjects: Subjects): { sql: string; params: unknown[] } => {
  const within = (col: string) => `($2::timestamptz IS NULL OR ${col} >= $2::timestamptz) AND ($3::timestamptz IS NULL OR ${col} < $3::timestamptz)`;
  const stage = STAGE_OF[metric];
  const ids = subjects.kind === 'ids' ? [subjects.ids] : [];
  if (metric === 'contacts') {
    return {
      sql: `SELECT id AS conv_id, ARRAY[id] AS contact_ids, created_at AS at, 1::bigint AS value, created_at AS lead_at, NULL::timestamptz AS opportunity_at, NULL::timestamptz AS close_at
              FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL AND ${within('created_at')} AND ${subjectCondition(subjects, 'id', 4)}`,
      params: ids,
    };
  }
  if (stage) {
    // A contact counts once per stage: its first entry, skipped entries included (they are honest entries).
    return {
      sql: `SELECT t.contact_id AS conv_id, ARRAY[t.contact_id] AS contact_ids, t.at, 1::bigint AS value,
                   (SELECT c.created_at FROM contacts c WHERE c.workspace_id = $1 AND c.id = t.contact_id) AS lead_at, t.opportunity_at, NULL::timestamptz AS close_at
              FROM (SELECT contact_id, min(entered_at) FILTER (WHERE to_stage = $4::text) AS at, min(entered_at) FILTER (WHERE to_stage = 'opportunity') AS opportunity_at
                      FROM stage_transitions WHERE workspace_id = $1 AND to_stage IN ($4::text, 'opportunity') AND ${subjectCondition(subjects, 'contact_id', 5)}
                     GROUP BY contact_id) t
             WHERE t.at IS NOT NULL AND ${within('t.at')}`,
      params: [stage, ...ids],
    };
  }
  const at = metric === 'revenue' ? 'd.closed_at' : 'd.created_at';
  return {
    sql: `SELECT d.id AS conv_id, array_agg(dc.contact_id) AS contact_ids, ${at} AS at, d.amount::bigint AS value, min(c.created_at) AS lead_at,
                 d.created_at AS opportunity_at, d.closed_at AS close_at
            FROM deals d JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id
            LEFT JOIN contacts c ON c.workspace_id = dc.workspace_id AND c.id = dc.contact_id
           WHERE d.workspace_id = $1 AND d.status = ANY($4::text[]) AND ${at} IS NOT NULL AND ${within(at)}
             ${subjects.kind === 'all' ? '' : `AND d.id IN (SELECT sd.deal_id FROM deal_contacts sd WHERE sd.workspace_id = $1 AND ${subjectCondition(subjects, 'sd.contact_id', 5)})`}
           GROUP BY d.workspace_id, d.id`,
    params: [metric === 'revenue' ? ['won'] : ['open', 'won'], ...ids],
  };
};

/** The query's conversions (of every contact, unless `subjects` says whose) as SQL, with every parameter it takes. */
const conversionsSql = (workspaceId: string, query: Pick<AttributionQuery, 'metric' | 'from' | 'to'>, subjects: Subjects): { sql: string; params: unknown[] } => {
  const { sql, params } = metricConversionsSql(query.metric, subjects);
  return { sql, params: [workspaceId, query.from ?? null, query.to ?? null, ...params] };
};

const MILESTONES = ['lead', 'opportunity', 'close'] as const;

/**
 * Each conversion's touches, from the conversions before (`conv`): its contacts' classified events up to the
 * conversion, numbered oldest first (ties by event id) from 0 (`i`), with the journey's length (`n`), the index of
 * the first touch at or after each milestone (`lead_before` …: the count of touches before the milestone; null
 * when none is at or after it, and the models then take the last touch), the touch's channel and campaign, and,
 * with `timeDecay`, its share of the journey under time decay. A conversion with no touch is one row with no touch
 * (`i` null), so the conversions and their total come from the same rows. Each journey is numbered on its own, as
 * its contacts' events are read by index, so no sort of every touch of the period is needed.
 */
const touchesSql = ({ timeDecay }: { timeDecay: boolean }) => `
  r AS (SELECT c.conv_id, c.contact_ids, c.at, c.value, j.* FROM conv c LEFT JOIN LATERAL (
          SELECT ${timeDecay ? `x.*, x.weight / sum(x.weight) OVER () AS share FROM (SELECT ` : ''}e.occurred_at, e.source->>'channel' AS channel, e.source->>'campaign' AS campaign,
                 (row_number() OVER (ORDER BY e.occurred_at, e.id) - 1)::int AS i, (count(*) OVER ())::int AS n,
                 ${MILESTONES.map((m) => `CASE WHEN c.${m}_at IS NULL THEN NULL ELSE (count(*) FILTER (WHERE e.occurred_at < c.${m}_at) OVER ())::int END AS ${m}_before`).join(',\n                 ')}
                 ${timeDecay ? `, ${timeDecayWeightSql('e.occurred_at', 'max(e.occurred_at) OVER ()')} AS weight` : ''}
            FROM events e
           WHERE e.workspace_id = $1 AND e.contact_id = ANY(c.contact_ids) AND e.source IS NOT NULL AND e.occurred_at <= c.at${timeDecay ? ') x' : ''}) j ON true)`;

const milestone = (before: number | null, n: number): number | null => (before === null || before >= n ? null : before);

const addTo = (credits: Map<string, number>, key: string | null, credit: number) => {
  const name = key ?? UNATTRIBUTED;
  credits.set(name, (credits.get(name) ?? 0) + credit);
};

/**
 * Credits of a count metric, added up in the database: its touches are grouped by key and shape (position,
 * length, milestones), each shape credited once by the model, or, under time decay, each touch's share summed
 * per key there. No journey leaves the database, so a report over a million contacts reads a few thousand rows.
 */
export const creditsByShape = async (q: Queryable, workspaceId: string, query: AttributionQuery, subjects: Subjects = { kind: 'all' }): Promise<Credits> => {
  const { sql, params } = conversionsSql(workspaceId, query, subjects);
  const { model, by } = query;
  const out: Credits = { credits: new Map(), conversions: 0, total: 0, touched: 0 };
  /** Counts conversions once each: by their first touch, or by their one row when they had none. */
  const count = (touched: boolean, conversions: number, value: number) => {
    out.conversions += conversions;
    out.total += value;
    if (touched) out.touched += value;
  };
  if (!weighsByPosition(model)) {
    const rows = await q.query<{ key: string | null; touched: boolean; conversions: number; value: number; credit: number }>(
      `WITH conv AS (${sql}), ${touchesSql({ timeDecay: true })}
       SELECT ${by} AS key, i IS NOT NULL AS touched, (count(*) FILTER (WHERE i IS NULL OR i = 0))::float8 AS conversions,
              coalesce(sum(value) FILTER (WHERE i IS NULL OR i = 0), 0)::float8 AS value, coalesce(sum(value * share), 0) AS credit
         FROM r GROUP BY 1, 2`,
      params,
    );
    for (const row of rows) {
      count(row.touched, row.conversions, row.value);
      if (row.touched) addTo(out.credits, row.key, row.credit);
    }
    return out;
  }
  const rows = await q.query<{ key: string | null; i: number | null; n: number; lead: number | null; opportunity: number | null; close: number | null; conversions: number; value: number }>(
    `WITH conv AS (${sql}), ${touchesSql({ timeDecay: false })}
     SELECT ${by} AS key, i, n, lead_before AS lead, opportunity_before AS opportunity, close_before AS close, count(*)::float8 AS conversions, sum(value)::float8 AS value
       FROM r GROUP BY 1, 2, 3, 4, 5, 6`,
    params,
  );
  const shares = new Map<string, number[]>();
  for (const row of rows) {
    if (row.i === null || row.i === 0) count(row.i === 0, row.conversions, row.value);
    if (row.i === null) continue;
    const lead = milestone(row.lead, row.n);
    const opportunity = milestone(row.opportunity, row.n);
    const close = milestone(row.close, row.n);
    const shape = `${row.n}:${lead}:${opportunity}:${close}`;
    let share = shares.get(shape);
    if (!share) shares.set(shape, (share = positionShares(model, row.n, { lead, opportunity, close })));
    addTo(out.credits, row.key, share[row.i]! * row.value);
  }
  return out;
};

/** Touch rows read from the report's cursor at a time: the journeys in memory are those of one page. */
const JOURNEY_PAGE = 20_000;

type JourneyRow = {
  conv_id: string;
  contact_ids: string[];
  value: number;
  at: unknown;
  occurred_at: unknown;
  channel: string;
  campaign: string | null;
  n: number | null;
  lead: number | null;
  opportunity: number | null;
  close: number | null;
};

/** A conversion as read with its journey: null when it had no touch. */
export type Conversion = { id: string; contactIds: string[]; at: string; value: number; journey: Journey | null };

/**
 * The conversions of a metric's query, each with its journey, a page at a time: the touches are read through a
 * cursor (`q` must be in a transaction), so a pass over years of conversions holds one page of them.
 */
export const readConversions = async (
  q: Queryable,
  workspaceId: string,
  query: Pick<AttributionQuery, 'metric' | 'from' | 'to'>,
  subjects: Subjects,
  onPage: (conversions: Conversion[]) => Promise<void> | void,
  { page = JOURNEY_PAGE } = {},
): Promise<void> => {
  const { sql, params } = conversionsSql(workspaceId, query, subjects);
  const unit = unitOf(query.metric);
  /** The rows of the journey being read: a page may end inside one. */
  let current: JourneyRow[] = [];
  const conversionOf = (rows: readonly JourneyRow[], n: number | null): Conversion => {
    const first = rows[0]!;
    const at = instantText(first.at);
    return {
      id: first.conv_id,
      contactIds: first.contact_ids,
      at,
      value: first.value,
      journey:
        n === null
          ? null
          : {
              touches: rows.map((row) => ({ at: instantText(row.occurred_at), channel: row.channel, campaign: row.campaign })),
              milestones: { lead: milestone(first.lead, n), opportunity: milestone(first.opportunity, n), close: milestone(first.close, n) },
              conversionAt: at,
              value: first.value,
              unit,
            },
    };
  };
  await q.query(
    `DECLARE attribution_journeys NO SCROLL CURSOR FOR
     WITH conv AS (${sql}), ${touchesSql({ timeDecay: false })}
     SELECT r.conv_id, r.contact_ids, r.value::float8 AS value, r.at, r.occurred_at, r.channel, r.campaign, r.n,
            r.lead_before AS lead, r.opportunity_before AS opportunity, r.close_before AS close
       FROM r ORDER BY r.conv_id, r.i`,
    params,
  );
  for (;;) {
    const rows = await q.query<JourneyRow>(`FETCH ${page} FROM attribution_journeys`);
    const conversions: Conversion[] = [];
    for (const row of rows) {
      if (row.n === null) {
        conversions.push(conversionOf([row], null));
        continue;
      }
      current.push(row);
      if (current.length === row.n) {
        conversions.push(conversionOf(current, row.n));
        current = [];
      }
    }
    await onPage(conversions);
    if (rows.length < page) break;
  }
  await q.query('CLOSE attribution_journeys');
};

/**
 * Credits journey by journey in memory, each split by the model as `attribute` splits it: money is apportioned
 * exactly (in whole minor units, the largest remainders rounded up), which no sum over shapes can do. `q` must be
 * in a transaction (the journeys are read through a cursor).
 */
export const creditsByJourney = async (q: Queryable, workspaceId: string, query: AttributionQuery, subjects: Subjects = { kind: 'all' }, options: { page?: number } = {}): Promise<Credits> => {
  const out: Credits = { credits: new Map(), conversions: 0, total: 0, touched: 0 };
  await readConversions(
    q,
    workspaceId,
    query,
    subjects,
    (conversions) => {
      const journeys: Journey[] = [];
      for (const conversion of conversions) {
        out.conversions += 1;
        out.total += conversion.value;
        if (conversion.journey) {
          out.touched += conversion.value;
          journeys.push(conversion.journey);
        }
      }
      for (const [key, credit] of aggregateCredits(journeys, query.model, query.by)) addTo(out.credits, key, credit);
    },
    options,
  );
  return out;
};

/** Whether some of the workspace's contacts have conversions whose stored credits may be out of date. */
const hasStale = async (q: Queryable, workspaceId: string): Promise<boolean> =>
  (await q.query('SELECT 1 FROM attribution_stale WHERE workspace_id = $1 LIMIT 1', [workspaceId])).length > 0;

/**
 * The stored credits of the query's conversions (attribution_credits, kept by the attribution-refresh job), leaving
 * out, when `withoutStale`, the conversions of stale contacts: a deal's when one of its contacts, then or now, is.
 * Conversions without a touch are stored crediting `(none)`, so every stored conversion counts as touched.
 */
const storedCredits = async (q: Queryable, workspaceId: string, query: AttributionQuery, withoutStale: boolean): Promise<Credits> => {
  const stale = (alias: string) =>
    !withoutStale
      ? ''
      : isDealMetric(query.metric)
        ? `AND NOT EXISTS (SELECT 1 FROM attribution_deal_contacts m JOIN attribution_stale s ON s.workspace_id = m.workspace_id AND s.contact_id = m.contact_id
                            WHERE m.workspace_id = $1 AND m.deal_id = ${alias}.conv_id)
           AND NOT EXISTS (SELECT 1 FROM deal_contacts dc JOIN attribution_stale s ON s.workspace_id = dc.workspace_id AND s.contact_id = dc.contact_id
                            WHERE dc.workspace_id = $1 AND dc.deal_id = ${alias}.conv_id)`
        : `AND NOT EXISTS (SELECT 1 FROM attribution_stale s WHERE s.workspace_id = $1 AND s.contact_id = ${alias}.conv_id)`;
  const within = (alias: string) => `($3::timestamptz IS NULL OR ${alias}.at >= $3::timestamptz) AND ($4::timestamptz IS NULL OR ${alias}.at < $4::timestamptz)`;
  const params = [workspaceId, query.metric, query.from ?? null, query.to ?? null];
  const [totals] = await q.query<{ conversions: number; total: number }>(
    `SELECT count(*)::float8 AS conversions, coalesce(sum(v.value), 0)::float8 AS total FROM attribution_conversions v
      WHERE v.workspace_id = $1 AND v.metric = $2 AND ${within('v')} ${stale('v')}`,
    params,
  );
  // The model's column: one of ATTRIBUTION_MODELS, each a column of attribution_credits.
  const rows = await q.query<{ key: string; credit: number }>(
    `SELECT c.key, sum(c.${query.model})::float8 AS credit FROM attribution_credits c
      WHERE c.workspace_id = $1 AND c.metric = $2 AND c.by = $5 AND ${within('c')} ${stale('c')}
      GROUP BY c.key`,
    [...params, query.by],
  );
  const { conversions, total } = totals ?? { conversions: 0, total: 0 };
  return { credits: new Map(rows.map((row) => [row.key, row.credit])), conversions, total, touched: total };
};

const addCredits = (a: Credits, b: Credits): Credits => {
  const credits = new Map(a.credits);
  for (const [key, credit] of b.credits) addTo(credits, key, credit);
  return { credits, conversions: a.conversions + b.conversions, total: a.total + b.total, touched: a.touched + b.touched };
};

/**
 * Credits channels or campaigns with a metric's conversions under one model. Each conversion's journey
 * is its contacts' touches up to the conversion; milestones mark lead creation (first touch at or after
 * the contact's creation), opportunity creation and close. The credits add up to the total.
 *
 * Most conversions' credits are stored (attribution_credits) and only added up here. Those of stale contacts (a
 * touch, stage entry or deal changed since the refresh job last ran) are credited from the events, counts added up
 * by shape in the database and money journey by journey so each deal splits exactly; both reads share one snapshot,
 * so every conversion is counted once, and the report is exact whether or not the job has caught up.
 */
export const attributionReport = async (ctx: RequestContext, query: AttributionQuery): Promise<AttributionReport> => {
  const unit = unitOf(query.metric);
  const { credits, conversions, total, touched } = await ctx.db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const stale = await hasStale(tx, ctx.workspaceId);
    const stored = await storedCredits(tx, ctx.workspaceId, query, stale);
    if (!stale) return stored;
    return addCredits(stored, await (unit === 'count' ? creditsByShape : creditsByJourney)(tx, ctx.workspaceId, query, { kind: 'stale' }));
  });
  if (total > touched) addTo(credits, null, total - touched);
  return {
    model: query.model,
    metric: query.metric,
    by: query.by,
    unit,
    conversions,
    total,
    rows: [...credits].map(([key, credit]) => ({ key, credit })).sort((a, b) => b.credit - a.credit || a.key.localeCompare(b.key)),
  };
};

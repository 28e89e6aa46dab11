// Scores of many contacts at once, for bulk rescoring and re-evaluation: SQL does what is proportional to
// the events (picking each rule's events with the same compiled filters as lists and criteria, and summing
// their decay weights), and the domain finishes each contact from those aggregates with the same caps,
// email-domain points, rounding and grade as live scoring (scoreTotalsFromAggregates). A contact's whole
// history never leaves the database.

import { compileEventWhereSql, compileFilterSql, instantText } from '../../domain/filter/sql.ts';
import { spanStart } from '../../domain/filter/values.ts';
import { ENGAGEMENT_BASE_AT_PATTERN, ENGAGEMENT_BASE_PROPERTY, readEngagementBase } from '../../domain/scoring/engagement-base.ts';
import { type ScoreTotals, scoreTotalsFromAggregates } from '../../domain/scoring/score.ts';
import type { EngagementRule, ScoreModel } from '../../domain/scoring/scoring-model.ts';
import type { Contact } from '../../domain/contact.ts';
import type { PropertyTypes } from '../../domain/filter/property-source.ts';
import type { Queryable } from '../../store/database.ts';

export type BulkScore = { id: string; stored: { fit: number | null; engagement: number | null }; totals: ScoreTotals };

export type BulkScorer = {
  /** The scores at the scorer's `now` of the given contacts of its workspace (merged ones left out), in id order. */
  score: (q: Queryable, contactIds: readonly string[]) => Promise<BulkScore[]>;
};

const DAY_MS = 86_400_000;

/**
 * Where engagement rules are compiled to: the model, the instant their weights are taken at, and the statement's
 * parameters, to which their values are appended, after `leading` parameters of the statement's own.
 */
type EngagementSqlTarget = { model: ScoreModel; now: Date; params: unknown[]; leading: number; workspaceId: string };

/** An engagement rule with the SQL condition an event row `e` matches it by. */
type RuleSql = { index: number; rule: EngagementRule; matching: string };

/**
 * The SQL of the engagement rules over event rows `e`: the matching condition of each rule `include` keeps (with
 * `scope`, when given, first), and an event's decay weight at `now` from its time (decayFactor in decay.ts).
 */
const engagementSql = (
  { model, now, params, leading, workspaceId }: EngagementSqlTarget,
  include: (rule: EngagementRule) => boolean = () => true,
  scope?: string,
): { rules: RuleSql[]; weight: (at: string) => string; decays: boolean } => {
  const param = (value: unknown, type: string): string => {
    params.push(value);
    return `$${params.length + leading}::${type}`;
  };
  const halfLife = model.halfLifeDays !== undefined && model.halfLifeDays > 0 ? param(model.halfLifeDays * DAY_MS, 'float8') : null;
  const nowMs = halfLife === null ? null : param(now.getTime(), 'float8');
  const weight = (at: string) =>
    halfLife === null ? '1::float8' : `power(0.5::float8, greatest(0::float8, ${nowMs} - (extract(epoch from ${at}) * 1000)::float8) / ${halfLife})`;
  const rules = model.engagement.flatMap((rule, index) => {
    if (!include(rule)) return [];
    const conditions = [...(scope === undefined ? [] : [`(${scope})`]), `e.type = ${param(rule.event, 'text')}`];
    if (rule.within) conditions.push(`e.occurred_at >= ${param(instantText(spanStart(now.getTime(), rule.within)), 'timestamptz')}`);
    if (rule.where) {
      const compiled = compileEventWhereSql(rule.where, { eventAlias: 'e', firstParam: params.length + leading + 1, now, workspaceId });
      params.push(...compiled.params);
      conditions.push(`(${compiled.sql})`);
    }
    return [{ index, rule, matching: conditions.join(' AND ') }];
  });
  return { rules, weight, decays: halfLife !== null };
};

/**
 * SQL for each engagement rule's decay-weighted count at `now` (what engagementFromWeights takes) over the events `e`
 * of a grouped statement: one aggregate `w<index>` per rule, by its index in the model.
 */
const engagementWeightColumns = (target: EngagementSqlTarget): string[] => {
  const { rules, weight, decays } = engagementSql(target);
  return rules.map(({ index, rule, matching }) => {
    const filter = `FILTER (WHERE ${matching})`;
    // A `once` rule counts its most recent matching event only.
    const aggregate =
      rule.mode === 'once'
        ? decays
          ? // greatest() skips NULLs, so no matching event must be caught before it.
            `CASE WHEN count(*) ${filter} > 0 THEN ${weight(`max(e.occurred_at) ${filter}`)} ELSE 0::float8 END`
          : `CASE WHEN count(*) ${filter} > 0 THEN 1::float8 ELSE 0::float8 END`
        : `coalesce(sum(${weight('e.occurred_at')}) ${filter}, 0::float8)`;
    return `${aggregate} AS w${index}`;
  });
};

/**
 * The same weights, of the rules `include` keeps, for a statement that goes over its event rows once before grouping
 * them (a subquery `r` of the rows `e`): `rowColumns` are that subquery's columns, the row's decay weight `w` when
 * `scope` admits it (computed once, not once per rule) and whether it matches each rule (`m<index>`), and
 * `aggregates` the weights `w<index>` over `r`. A `once` rule's weight is its newest matching event's, the largest.
 * PostgreSQL evaluates an expression once per aggregate it appears in, so with several rules this reads a long
 * history faster (3,323 contacts with 61 events each: 1,290 against 1,496 ms, mean of 8 alternating runs).
 */
export const engagementRowWeights = (
  target: EngagementSqlTarget,
  include: (rule: EngagementRule) => boolean,
  scope: string,
): { rowColumns: string[]; aggregates: string[] } => {
  const { rules, weight } = engagementSql(target, include, scope);
  if (rules.length === 0) return { rowColumns: [], aggregates: [] };
  return {
    rowColumns: [`CASE WHEN ${scope} THEN ${weight('e.occurred_at')} END AS w`, ...rules.map(({ index, matching }) => `(${matching}) AS m${index}`)],
    aggregates: rules.map(({ index, rule }) => `coalesce(${rule.mode === 'once' ? 'max' : 'sum'}(r.w) FILTER (WHERE r.m${index}), 0::float8) AS w${index}`),
  };
};

/** Compiles the model's rules into one statement, once per pass; `now` is fixed for the whole pass, and so are the declared custom property types. */
export const bulkScorer = (workspaceId: string, model: ScoreModel, now: Date, customTypes: PropertyTypes = {}): BulkScorer => {
  // $1 workspace, $2 contact ids; the compiled rules' parameters follow.
  const params: unknown[] = [];
  const param = (value: unknown, type: string): string => {
    params.push(value);
    return `$${params.length + 2}::${type}`;
  };
  const nowParam = param(instantText(now.getTime()), 'timestamptz');
  const fit = model.fit.map((rule, index) => {
    const compiled = compileFilterSql(rule.when, { contactAlias: 'c', companyAlias: 'company_row', firstParam: params.length + 3, now, customTypes, workspaceId });
    params.push(...compiled.params);
    return `(${compiled.sql}) AS f${index}`;
  });
  const weights = engagementWeightColumns({ model, now, params, leading: 2, workspaceId });

  const modelName = param(model.name, 'text');
  const base = `(c.properties -> '${ENGAGEMENT_BASE_PROPERTY}' -> ${modelName})`;
  // Events up to a recycle are inside its carried-over base (readEngagementBase decides, alike).
  const since =
    `CASE WHEN jsonb_typeof(${base} -> 'points') = 'number' AND jsonb_typeof(${base} -> 'at') = 'string' ` +
    `AND (${base} ->> 'at') ~ ${param(ENGAGEMENT_BASE_AT_PATTERN, 'text')} THEN (${base} ->> 'at')::timestamptz ELSE '-infinity'::timestamptz END`;
  const eventTypes = param([...new Set(model.engagement.map((rule) => rule.event))], 'text[]');
  const lateral =
    weights.length === 0
      ? ''
      : `LEFT JOIN LATERAL (SELECT ${weights.join(', ')} FROM events e
           WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id AND e.type = ANY(${eventTypes})
             AND e.occurred_at <= ${nowParam} AND e.occurred_at > ${since}) w ON true`;
  // The contact's company by key: a plain join is planned as a scan of the workspace's companies per batch.
  const companyRow = `LEFT JOIN LATERAL (SELECT * FROM companies co WHERE co.workspace_id = c.workspace_id AND co.id = c.company_id OFFSET 0) company_row ON true`;
  const sql = `SELECT c.id, c.email, c.fit_score, c.engagement_score, ${base} AS base
      ${fit.map((f) => `, ${f}`).join('')}${weights.map((_, index) => `, w.w${index}`).join('')}
    FROM contacts c ${companyRow} ${lateral}
    WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[]) AND c.merged_into IS NULL
    ORDER BY c.id`;

  return {
    score: async (q, contactIds) => {
      if (contactIds.length === 0) return [];
      const rows = await q.query<Record<string, unknown> & { id: string; email: string | null; fit_score: number | null; engagement_score: number | null; base: unknown }>(
        sql,
        [workspaceId, contactIds, ...params],
      );
      return rows.map((row) => {
        const holder = { properties: { [ENGAGEMENT_BASE_PROPERTY]: { [model.name]: row.base } } } as unknown as Contact;
        const totals = scoreTotalsFromAggregates(
          model,
          {
            email: row.email,
            fitMatched: model.fit.map((_, index) => row[`f${index}`] === true),
            engagementWeights: model.engagement.map((_, index) => Number(row[`w${index}`] ?? 0)),
            base: readEngagementBase(holder, model.name),
          },
          now,
        );
        return { id: row.id, stored: { fit: row.fit_score, engagement: row.engagement_score }, totals };
      });
    },
  };
};

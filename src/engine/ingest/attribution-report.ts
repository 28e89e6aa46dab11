import { aggregateCredits, type CreditKey } from '../../domain/attribution/aggregate-credits.ts';
import type { AttributionTouch, Journey, Milestones } from '../../domain/attribution/journey.ts';
import type { AttributionModel } from '../../domain/attribution/models.ts';
import type { Queryable } from '../../store/database.ts';
import type { RequestContext } from '../context.ts';

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

/** One conversion: who converted (contacts whose touches count), when, for how much. */
type Conversion = { contactIds: string[]; at: Date; value: number; opportunityAt: Date | null; closeAt: Date | null };

const STAGE_OF: Partial<Record<AttributionMetric, string>> = { mqls: 'marketing_qualified', sqls: 'sales_qualified', opportunities: 'opportunity' };

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

const conversions = async (q: Queryable, workspaceId: string, query: AttributionQuery): Promise<Conversion[]> => {
  const range = [query.from ?? null, query.to ?? null];
  // The period's bounds are the last two parameters, from $n.
  const within = (col: string, n: number) =>
    `($${n}::timestamptz IS NULL OR ${col} >= $${n}::timestamptz) AND ($${n + 1}::timestamptz IS NULL OR ${col} < $${n + 1}::timestamptz)`;
  const stage = STAGE_OF[query.metric];
  if (query.metric === 'contacts') {
    const rows = await q.query<{ id: string; at: unknown }>(
      `SELECT id, created_at AS at FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL AND ${within('created_at', 2)}`,
      [workspaceId, ...range],
    );
    return rows.map((r) => ({ contactIds: [r.id], at: date(r.at), value: 1, opportunityAt: null, closeAt: null }));
  }
  if (stage) {
    // A contact counts once per stage: its first entry, skipped entries included (they are honest entries).
    const rows = await q.query<{ contact_id: string; at: unknown; opportunity_at: unknown }>(
      `SELECT t.contact_id, t.at, (SELECT min(o.entered_at) FROM stage_transitions o
                                     WHERE o.workspace_id = $1 AND o.contact_id = t.contact_id AND o.to_stage = 'opportunity') AS opportunity_at
         FROM (SELECT contact_id, min(entered_at) AS at FROM stage_transitions WHERE workspace_id = $1 AND to_stage = $2 GROUP BY contact_id) t
        WHERE ${within('t.at', 3)}`,
      [workspaceId, stage, ...range],
    );
    return rows.map((r) => ({ contactIds: [r.contact_id], at: date(r.at), value: 1, opportunityAt: r.opportunity_at ? date(r.opportunity_at) : null, closeAt: null }));
  }
  const won = query.metric === 'revenue';
  const at = won ? 'd.closed_at' : 'd.created_at';
  const rows = await q.query<{ contact_ids: string[]; at: unknown; amount: number; created_at: unknown; closed_at: unknown }>(
    `SELECT array_agg(dc.contact_id) AS contact_ids, ${at} AS at, d.amount, d.created_at, d.closed_at
       FROM deals d JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id
      WHERE d.workspace_id = $1 AND d.status = ANY($2::text[]) AND ${at} IS NOT NULL AND ${within(at, 3)}
      GROUP BY d.id, d.amount, d.created_at, d.closed_at`,
    [workspaceId, won ? ['won'] : ['open', 'won'], ...range],
  );
  return rows.map((r) => ({
    contactIds: r.contact_ids,
    at: date(r.at),
    value: Number(r.amount),
    opportunityAt: date(r.created_at),
    closeAt: r.closed_at ? date(r.closed_at) : null,
  }));
};

type Touch = AttributionTouch & { time: number };

const touchesByContact = async (q: Queryable, workspaceId: string, contactIds: readonly string[]) => {
  const rows = await q.query<{ contact_id: string; at: unknown; channel: string; campaign: string | null; created_at: unknown }>(
    `SELECT e.contact_id, e.occurred_at AS at, e.source->>'channel' AS channel, e.source->>'campaign' AS campaign, c.created_at
       FROM events e JOIN contacts c ON c.workspace_id = e.workspace_id AND c.id = e.contact_id
      WHERE e.workspace_id = $1 AND e.contact_id = ANY($2::uuid[]) AND e.source IS NOT NULL
      ORDER BY e.occurred_at, e.id`,
    [workspaceId, contactIds],
  );
  const touches = new Map<string, Touch[]>();
  const createdAt = new Map<string, number>();
  for (const row of rows) {
    const at = date(row.at);
    const list = touches.get(row.contact_id) ?? [];
    list.push({ at: at.toISOString(), time: at.getTime(), channel: row.channel, campaign: row.campaign });
    touches.set(row.contact_id, list);
    createdAt.set(row.contact_id, date(row.created_at).getTime());
  }
  return { touches, createdAt };
};

/** The first touch at or after a milestone's time; null (the models' default) when none is. */
const firstAtOrAfter = (touches: readonly Touch[], time: number | null): number | null => {
  if (time === null) return null;
  const index = touches.findIndex((t) => t.time >= time);
  return index < 0 ? null : index;
};

const journeyOf = (conversion: Conversion, data: Awaited<ReturnType<typeof touchesByContact>>, unit: Journey['unit']): Journey => {
  const end = conversion.at.getTime();
  const touches = conversion.contactIds
    .flatMap((id) => data.touches.get(id) ?? [])
    .filter((t) => t.time <= end)
    .sort((a, b) => a.time - b.time);
  const created = Math.min(...conversion.contactIds.map((id) => data.createdAt.get(id) ?? Infinity));
  const milestones: Milestones = {
    lead: firstAtOrAfter(touches, Number.isFinite(created) ? created : null),
    opportunity: firstAtOrAfter(touches, conversion.opportunityAt?.getTime() ?? null),
    close: firstAtOrAfter(touches, conversion.closeAt?.getTime() ?? null),
  };
  return { touches: touches.map(({ at, channel, campaign }) => ({ at, channel, campaign })), milestones, conversionAt: conversion.at.toISOString(), value: conversion.value, unit };
};

/**
 * Credits channels or campaigns with a metric's conversions under one model. Each conversion's journey
 * is its contacts' touches up to the conversion; milestones mark lead creation (first touch at or after
 * the contact's creation), opportunity creation and close. The credits add up to the total.
 */
export const attributionReport = async (ctx: RequestContext, query: AttributionQuery): Promise<AttributionReport> => {
  const converted = await conversions(ctx.db, ctx.workspaceId, query);
  const data = await touchesByContact(ctx.db, ctx.workspaceId, [...new Set(converted.flatMap((c) => c.contactIds))]);
  const unit = query.metric === 'pipeline' || query.metric === 'revenue' ? 'minor_units' : 'count';
  const journeys = converted.map((conversion) => journeyOf(conversion, data, unit));
  const credits = aggregateCredits(journeys, query.model, query.by);
  return {
    model: query.model,
    metric: query.metric,
    by: query.by,
    unit,
    conversions: converted.length,
    total: journeys.reduce((sum, j) => sum + j.value, 0),
    rows: [...credits].map(([key, credit]) => ({ key, credit })).sort((a, b) => b.credit - a.credit || a.key.localeCompare(b.key)),
  };
};

import { computeAllScores, primaryModel } from '../../domain/scoring/score.ts';
import type { ScoreContribution } from '../../domain/scoring/scoring-model.ts';
import { notFound } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { loadLifecycleStates } from '../lifecycle-states.ts';
import { currentConfig } from '../workspace-config.ts';
import { type ContactPrediction, predictContact } from './predictive-service.ts';
import { isoInstant } from './predictive-views.ts';

export type ContactScore = {
  fit: number;
  engagement: number;
  grade: string;
  explanation: ScoreContribution[];
  predictive: ContactPrediction | null;
  /** Every configured score model's scores; the primary one's are the top-level fields. */
  models: Record<string, { fit: number; engagement: number; grade: string }>;
};

/**
 * A contact's scores computed now (engagement decayed to this instant) from the same state and rules the
 * lifecycle step uses, with the rules that contributed, and its predictive probability when a model is active.
 */
export const getContactScore = async (ctx: RequestContext, contactId: string, now = new Date()): Promise<ContactScore> => {
  const { config } = await currentConfig(ctx.db, ctx.workspaceId);
  const state = (await loadLifecycleStates(ctx.db, ctx.workspaceId, [contactId], config)).get(contactId);
  if (!state || state.view.contact.mergedInto) throw notFound(`contact ${contactId}`);
  const all = computeAllScores(state.view, config.scoring, now);
  const primary = all[primaryModel(config.scoring).name]!;
  return {
    fit: primary.fit,
    engagement: primary.engagement,
    grade: primary.grade,
    explanation: primary.explanation,
    predictive: await predictContact(ctx.db, ctx.workspaceId, contactId, now),
    models: Object.fromEntries(Object.entries(all).map(([name, score]) => [name, { fit: score.fit, engagement: score.engagement, grade: score.grade }])),
  };
};

export type ScorePoint = { at: string; model: string; fit: number; engagement: number; grade: string };

/** The contact's stored scores over time, oldest first, for charts: one point per step that changed them. */
export const getScoreHistory = async (ctx: RequestContext, contactId: string, options: { since?: string; limit: number }): Promise<ScorePoint[]> => {
  const [contact] = await ctx.db.query<{ merged_into: string | null }>('SELECT merged_into FROM contacts WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, contactId]);
  if (!contact || contact.merged_into) throw notFound(`contact ${contactId}`);
  const rows = await ctx.db.query<{ at: unknown; model: string; fit: number; engagement: number; grade: string }>(
    `SELECT at, model, fit, engagement, grade FROM (
       SELECT at, id, model, fit, engagement, grade FROM score_history
        WHERE workspace_id = $1 AND contact_id = $2 AND ($3::timestamptz IS NULL OR at >= $3)
        ORDER BY at DESC, id DESC LIMIT $4) recent
      ORDER BY at, id`,
    [ctx.workspaceId, contactId, options.since ?? null, options.limit],
  );
  return rows.map((row) => ({ at: isoInstant(row.at), model: row.model, fit: row.fit, engagement: row.engagement, grade: row.grade }));
};

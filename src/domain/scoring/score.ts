// Fit and engagement scores of one contact, with grade and explanation. Pure: same view, config and
// `now` give the same result, so live scoring, bulk rescoring and replay agree.

import type { ContactView } from '../filter/filter.ts';
import type { RawContribution } from './cap.ts';
import type { EngagementBase } from './engagement-base.ts';
import { engagementContributions, engagementFromWeights, type EngagementSummary } from './engagement-score.ts';
import { fitContributions, fitFromMatches } from './fit-score.ts';
import { gradeOf } from './grade.ts';
import { roundedTotal, roundPreservingSum } from './round.ts';
import type { ScoreContribution, ScoreKind, ScoreModel, ScoreResult, ScoringConfig } from './scoring-model.ts';

const settle = (kind: ScoreKind, raw: readonly RawContribution[]): { total: number; lines: ScoreContribution[] } => {
  const { total, parts } = roundPreservingSum(raw.map((item) => item.points));
  const lines = raw
    .map((item, index) => ({ rule: item.rule, kind, points: parts[index]!, at: item.at }))
    .filter((line) => line.points !== 0);
  return { total, lines };
};

export const computeModelScores = (view: ContactView, model: ScoreModel, now: Date): ScoreResult => {
  const fit = settle('fit', fitContributions(view, model, now));
  const engagement = settle('engagement', engagementContributions(view, model, now));
  return {
    fit: fit.total,
    engagement: engagement.total,
    grade: gradeOf(fit.total, engagement.total, model.grade),
    explanation: [...fit.lines, ...engagement.lines],
  };
};

export const primaryModel = (config: ScoringConfig): ScoreModel => {
  const model = config.models.find((candidate) => candidate.name === config.primary);
  if (model === undefined) throw new Error(`scoring: no model named "${config.primary}"`);
  return model;
};

/** The primary model's scores: the ones stored on the contact as fitScore / engagementScore. */
export const computeScores = (view: ContactView, config: ScoringConfig, now: Date): ScoreResult =>
  computeModelScores(view, primaryModel(config), now);

export type ScoreTotals = Pick<ScoreResult, 'fit' | 'engagement' | 'grade'>;

/** A sum of contributions as settle totals it, without the lines. */
const totalOf = (raw: readonly RawContribution[]): number => roundedTotal(raw.map((item) => item.points));

/** A model's fit total of a view, as computeModelScores totals it. */
export const fitTotal = (view: ContactView, model: ScoreModel, now: Date): number => totalOf(fitContributions(view, model, now));

/**
 * The primary model's totals and grade, exactly those of computeScores without its explanation: what a lifecycle
 * step stores and decides on, for every event it steps. `summary`: stored events summed rather than in the view.
 * `knownFit`: the model's fit of this view, known to the caller (a step's earlier one, when it cannot have changed).
 */
export const computeScoreTotals = (view: ContactView, config: ScoringConfig, now: Date, summary?: EngagementSummary, knownFit?: number): ScoreTotals => {
  const model = primaryModel(config);
  const fit = knownFit ?? fitTotal(view, model, now);
  const engagement = totalOf(engagementContributions(view, model, now, summary));
  return { fit, engagement, grade: gradeOf(fit, engagement, model.grade) };
};

/** Every model's scores, by model name. */
export const computeAllScores = (view: ContactView, config: ScoringConfig, now: Date): Record<string, ScoreResult> =>
  Object.fromEntries(config.models.map((model) => [model.name, computeModelScores(view, model, now)]));

/**
 * What bulk rescoring reads of one contact from SQL: per fit rule whether it holds, per engagement rule its
 * decay-weighted event count (see engagementFromWeights), and the engagement carried over a recycle.
 */
export type RuleAggregates = {
  email: string | null;
  fitMatched: readonly boolean[];
  engagementWeights: readonly number[];
  base: EngagementBase | null;
};

/** A model's scores from rule aggregates: the same caps, email-domain points, rounding and grade as computeModelScores. */
export const scoreTotalsFromAggregates = (model: ScoreModel, aggregates: RuleAggregates, now: Date): ScoreTotals => {
  const fit = totalOf(fitFromMatches(model, aggregates.email, (_, index) => aggregates.fitMatched[index] === true));
  const engagement = totalOf(engagementFromWeights(model, aggregates.engagementWeights, aggregates.base, now));
  return { fit, engagement, grade: gradeOf(fit, engagement, model.grade) };
};

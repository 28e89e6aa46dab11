// Engagement: what the contact did. Each rule scores its matching events, decayed by age; caps per rule
// then per group bound the decayed sums; engagement carried over a recycle is added last.

import type { ContactEvent } from '../event.ts';
import type { ContactView } from '../filter/filter.ts';
import { readInstant, spanStart } from '../filter/values.ts';
import { capContributions, capGroups, type RawContribution } from './cap.ts';
import { eventMatchesRule } from './compiled.ts';
import { decayFactor } from './decay.ts';
import { type EngagementBase, readEngagementBase } from './engagement-base.ts';
import type { EngagementRule, ScoreModel } from './scoring-model.ts';

/** The explanation line of engagement carried over the last recycle. */
export const CARRIED_OVER_RULE = 'recycle:carried_over';

type TimedEvent = { event: ContactEvent; atMs: number };

/**
 * A contact's stored events of some types, summed for one model's engagement rules rather than listed: the view's
 * events hold none of those types' stored events from before `anchorMs`, and `weights` holds, per rule of the model
 * (by index), those events' decay-weighted count at the anchor as engagementFromWeights takes it: the sum of the
 * matching events' decay factors, or the newest one's for a `once` rule (without a half-life, their count, or 1).
 * Decay is exponential, so the sum scores the same events at any later time t:
 * 0.5^((t − at) / h) = 0.5^((t − anchor) / h) × 0.5^((anchor − at) / h). A long history then costs a step no more
 * than a short one. Only types whose rules count an event alike at every time are summed (summarizableEventTypes),
 * and only for a contact with no engagement carried over a recycle.
 */
export type EngagementSummary = {
  model: string;
  types: ReadonlySet<string>;
  anchorMs: number;
  weights: readonly number[];
  /** How many events it sums, where the reader counted them. */
  events?: number;
};

/**
 * A summary's weights carried from its anchor to a later one, `laterMs`, with `recent`: the weights at `laterMs` of
 * the summarized types' events from between the two anchors. Decay is exponential, so an older summary's weights at
 * the later anchor are its own times one factor; a `once` rule keeps the larger of the two (the newer event's).
 * A stored summary thus takes a step only its contact's events since it was stored.
 */
export const advanceEngagementWeights = (
  model: ScoreModel,
  summary: { anchorMs: number; weights: readonly number[] },
  laterMs: number,
  recent: readonly number[],
): number[] => {
  if (laterMs < summary.anchorMs) throw new Error('an engagement summary is carried forward, not back');
  const factor = decayFactor(laterMs - summary.anchorMs, model.halfLifeDays);
  return model.engagement.map((rule, index) => {
    const carried = (summary.weights[index] ?? 0) * factor;
    const since = recent[index] ?? 0;
    return rule.mode === 'once' ? Math.max(carried, since) : carried + since;
  });
};

/**
 * A summary's weights carried back to an earlier anchor, `earlierMs`, for a contact none of whose summarized events is
 * from between the two anchors (the caller knows): the summary then sums the same events at either, so each weight is
 * its own divided by one decay factor (a `once` rule's newest event is older than both). Null when that factor is too
 * small to divide by exactly: the caller sums the events again.
 */
export const carryEngagementWeightsBack = (model: ScoreModel, summary: { anchorMs: number; weights: readonly number[] }, earlierMs: number): number[] | null => {
  if (earlierMs > summary.anchorMs) throw new Error('an engagement summary is carried back, not forward');
  const factor = decayFactor(summary.anchorMs - earlierMs, model.halfLifeDays);
  if (factor < 1e-6) return null;
  return model.engagement.map((_, index) => (summary.weights[index] ?? 0) / factor);
};

/**
 * One rule's contributions from `events`, newest first, and from `summed` (its summarized events' decay-weighted
 * count now, or null when its type is not summarized), its cap applied, added to `out`.
 */
const addRuleContributions = (
  out: RawContribution[],
  rule: EngagementRule,
  events: readonly TimedEvent[],
  model: ScoreModel,
  now: Date,
  summed: number | null,
): void => {
  const nowMs = now.getTime();
  // Newest first: the events before the rule's window all follow the first of them, and a `once` rule counts its
  // newest matching event only.
  let counted: RawContribution[] | null = null;
  let newestFactor = 0;
  let startMs: number | null = null;
  for (const { event, atMs } of events) {
    // Most of a contact's events are of other rules' types: those are passed over before anything else is worked out.
    if (event.type !== rule.event) continue;
    startMs ??= rule.within === undefined ? -Infinity : spanStart(nowMs, rule.within);
    if (atMs < startMs) break;
    if (!eventMatchesRule(rule, event, now)) continue;
    const factor = decayFactor(nowMs - atMs, model.halfLifeDays);
    (counted ??= []).push({ rule: rule.id, points: rule.points * factor, at: event.occurredAt, group: rule.group });
    if (rule.mode === 'once') {
      newestFactor = factor;
      break;
    }
  }
  if (summed !== null && summed > 0) {
    const stored = { rule: rule.id, points: rule.points * summed, at: null, group: rule.group };
    // The newer an event, the larger its factor: a summarized event newer than the listed ones replaces them.
    if (rule.mode !== 'once') (counted ??= []).push(stored);
    else if (summed > newestFactor) counted = [stored];
  }
  if (counted === null) return;
  for (const item of rule.maxPoints === undefined ? counted : capContributions(counted, rule.maxPoints)) out.push(item);
};

/**
 * Unrounded engagement contributions, newest event first within each rule, caps applied. `summary`: the contact's
 * summarized stored events (EngagementSummary), taken for this model and at or before `now`.
 */
export const engagementContributions = (view: ContactView, model: ScoreModel, now: Date, summary?: EngagementSummary): RawContribution[] => {
  const base = readEngagementBase(view.contact, model.name);
  if (summary !== undefined && (summary.model !== model.name || summary.anchorMs > now.getTime() || base !== null)) {
    throw new Error(`engagement summary of model "${summary.model}" does not hold for model "${model.name}" at ${now.toISOString()}${base === null ? '' : ' after a recycle'}`);
  }
  const sinceMs = base === null ? -Infinity : Date.parse(base.at);
  // Events after `now` have not happened yet for this evaluation (replay); events up to the recycle
  // are already inside the carried-over base.
  // A loop, not flatMap: this runs over a contact's events at every step of every event it has.
  const nowMs = now.getTime();
  const events: TimedEvent[] = [];
  for (const event of view.events) {
    const atMs = readInstant('instant', event.occurredAt);
    if (atMs !== null && atMs > sinceMs && atMs <= nowMs) events.push({ event, atMs });
  }
  events.sort((a, b) => b.atMs - a.atMs);
  // No event counts (a contact just imported or created): no rule contributes, and there is nothing to cap.
  if (events.length === 0 && summary === undefined) return withCarriedOver([], base, model, now);
  const summedNow = summary === undefined ? 0 : decayFactor(nowMs - summary.anchorMs, model.halfLifeDays);
  const raw: RawContribution[] = [];
  model.engagement.forEach((rule, index) => {
    const summed = summary?.types.has(rule.event) ? (summary.weights[index] ?? 0) * summedNow : null;
    addRuleContributions(raw, rule, events, model, now, summed);
  });
  const scored = raw.length === 0 ? raw : capGroups(raw, model.groups ?? []);
  return withCarriedOver(scored, base, model, now);
};

const withCarriedOver = (scored: RawContribution[], base: EngagementBase | null, model: ScoreModel, now: Date): RawContribution[] => {
  if (base === null) return scored;
  const carried = base.points * decayFactor(now.getTime() - Date.parse(base.at), model.halfLifeDays);
  return [...scored, { rule: CARRIED_OVER_RULE, points: carried, at: base.at }];
};

/**
 * Engagement from each rule's decay-weighted count of counted events (in rule order: the sum of the decay
 * factors of its matching events, or the newest one's factor for a `once` rule), as bulk rescoring reads
 * them from SQL; the same caps and carried-over base as above, without per-event lines.
 */
export const engagementFromWeights = (model: ScoreModel, weights: readonly number[], base: EngagementBase | null, now: Date): RawContribution[] => {
  const scored = capGroups(
    model.engagement.flatMap((rule, index) =>
      capContributions([{ rule: rule.id, points: rule.points * (weights[index] ?? 0), at: null, group: rule.group }], rule.maxPoints),
    ),
    model.groups ?? [],
  );
  return withCarriedOver(scored, base, model, now);
};

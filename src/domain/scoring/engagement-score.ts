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

/** One rule's contributions from `events`, newest first, its cap applied. */
const ruleContributions = (
  rule: EngagementRule,
  events: readonly TimedEvent[],
  model: ScoreModel,
  now: Date,
): RawContribution[] => {
  const nowMs = now.getTime();
  const startMs = rule.within === undefined ? -Infinity : spanStart(nowMs, rule.within);
  // Newest first: the events before the rule's window all follow the first of them, and a `once` rule counts its
  // newest matching event only.
  const counted: RawContribution[] = [];
  for (const { event, atMs } of events) {
    if (atMs < startMs) break;
    if (!eventMatchesRule(rule, event, now)) continue;
    counted.push({ rule: rule.id, points: rule.points * decayFactor(nowMs - atMs, model.halfLifeDays), at: event.occurredAt, group: rule.group });
    if (rule.mode === 'once') break;
  }
  return capContributions(counted, rule.maxPoints);
};

/** Unrounded engagement contributions, newest event first within each rule, caps applied. */
export const engagementContributions = (view: ContactView, model: ScoreModel, now: Date): RawContribution[] => {
  const base = readEngagementBase(view.contact, model.name);
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
  const scored =
    events.length === 0 ? [] : capGroups(model.engagement.flatMap((rule) => ruleContributions(rule, events, model, now)), model.groups ?? []);
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

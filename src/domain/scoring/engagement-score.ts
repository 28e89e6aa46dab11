// Engagement: what the contact did. Each rule scores its matching events, decayed by age; caps per rule
// then per group bound the decayed sums; engagement carried over a recycle is added last.

import type { ContactEvent } from '../event.ts';
import type { ContactView } from '../filter/filter.ts';
import { spanStart } from '../filter/values.ts';
import { eventInstant } from '../event-instant.ts';
import { capContributions, capGroups, type RawContribution } from './cap.ts';
import { eventMatchesRule } from './compiled.ts';
import { decayFactor } from './decay.ts';
import { type EngagementBase, readEngagementBase } from './engagement-base.ts';
import type { EngagementRule, ScoreModel } from './scoring-model.ts';

/** The explanation line of engagement carried over the last recycle. */
export const CARRIED_OVER_RULE = 'recycle:carried_over';

/** A counted event with its time, and its decay factor at `now` once a rule has asked for it. */
type TimedEvent = { event: ContactEvent; atMs: number; decay: number | null };

/** One rule's contributions from the counted events of its type (newest first), its cap applied. */
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
  for (const timed of events) {
    if (timed.atMs < startMs) break;
    if (!eventMatchesRule(rule, timed.event, now)) continue;
    // Several rules may count the same event (every page view, and the pricing page's): its factor is worked out once.
    timed.decay ??= decayFactor(nowMs - timed.atMs, model.halfLifeDays);
    counted.push({ rule: rule.id, points: rule.points * timed.decay, at: timed.event.occurredAt, group: rule.group });
    if (rule.mode === 'once') break;
  }
  return capContributions(counted, rule.maxPoints);
};

/** The event types a model's engagement rules count. */
const countedTypes = new WeakMap<ScoreModel, ReadonlySet<string>>();
const typesCounted = (model: ScoreModel): ReadonlySet<string> => {
  let types = countedTypes.get(model);
  if (types === undefined) countedTypes.set(model, (types = new Set(model.engagement.map((rule) => rule.event))));
  return types;
};

const NONE: readonly TimedEvent[] = [];

/** Unrounded engagement contributions, newest event first within each rule, caps applied. */
export const engagementContributions = (view: ContactView, model: ScoreModel, now: Date): RawContribution[] => {
  const base = readEngagementBase(view.contact, model.name);
  const sinceMs = base === null ? -Infinity : Date.parse(base.at);
  // Events after `now` have not happened yet for this evaluation (replay); events up to the recycle
  // are already inside the carried-over base. Each rule reads only the events of its own type: this runs over a
  // contact's events at every step of every event it has.
  const nowMs = now.getTime();
  const types = typesCounted(model);
  const byType = new Map<string, TimedEvent[]>();
  for (const event of view.events) {
    if (!types.has(event.type)) continue;
    const atMs = eventInstant(event);
    if (atMs === null || atMs <= sinceMs || atMs > nowMs) continue;
    const list = byType.get(event.type);
    const timed = { event, atMs, decay: null };
    if (list) list.push(timed);
    else byType.set(event.type, [timed]);
  }
  for (const list of byType.values()) list.sort((a, b) => b.atMs - a.atMs);
  // No event counts (a contact just imported or created): no rule contributes, and there is nothing to cap.
  const scored =
    byType.size === 0 ? [] : capGroups(model.engagement.flatMap((rule) => ruleContributions(rule, byType.get(rule.event) ?? NONE, model, now)), model.groups ?? []);
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

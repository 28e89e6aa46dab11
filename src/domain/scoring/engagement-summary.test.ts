import { describe, expect, it } from 'vitest';
import type { ContactEvent } from '../event.ts';
import { decayFactor } from './decay.ts';
import { advanceEngagementWeights, type EngagementSummary } from './engagement-score.ts';
import { computeScoreTotals } from './score.ts';
import { NOW, configOf, contactOf, daysAgo, eventOf, modelOf, viewOf } from './scoring.fixtures.ts';
import type { EngagementRule, ScoreModel } from './scoring-model.ts';

const DAY_MS = 86_400_000;

const rules: EngagementRule[] = [
  { id: 'views', label: 'Page views', event: 'page_view', points: 2, mode: 'repeatable', maxPoints: 30, group: 'web' },
  { id: 'pricing', label: 'Pricing', event: 'page_view', where: { property: 'url', op: 'contains', value: 'pricing' }, points: 10, mode: 'once', group: 'web' },
  { id: 'clicks', label: 'Clicks', event: 'email_clicked', points: 5, mode: 'repeatable' },
  { id: 'forms', label: 'Forms', event: 'form_submitted', points: 20, mode: 'repeatable' },
];
const model: ScoreModel = modelOf({ engagement: rules, halfLifeDays: 30, groups: [{ name: 'web', cap: 35 }] });
const config = configOf(model);

/** The summary of `stored` at `anchor` as its definition reads: per rule, the decay-weighted count of its events of a summed type. */
const summaryOf = (stored: readonly ContactEvent[], anchorMs: number, types: readonly string[], m = model): EngagementSummary => ({
  model: m.name,
  types: new Set(types),
  anchorMs,
  weights: m.engagement.map((rule) => {
    const matching = stored.filter(
      (e) => e.type === rule.event && types.includes(e.type) && (rule.where === undefined || String(e.properties.url ?? '').includes('pricing')),
    );
    const factors = matching.map((e) => decayFactor(anchorMs - Date.parse(e.occurredAt), m.halfLifeDays));
    return rule.mode === 'once' ? Math.max(0, ...factors) : factors.reduce((sum, f) => sum + f, 0);
  }),
});

// A year of visits and clicks, then a pricing visit and a form in the last days.
const history: ContactEvent[] = [
  ...Array.from({ length: 60 }, (_, i) => eventOf(i % 4 === 0 ? 'email_clicked' : 'page_view', daysAgo(365 - i * 6), { url: i === 30 ? '/pricing' : '/blog' })),
  eventOf('page_view', daysAgo(2), { url: '/pricing/enterprise' }),
  eventOf('form_submitted', daysAgo(1), { formId: 'contact-us' }),
];

describe('engagement from a summary of the older events', () => {
  it('scores as the whole history does, at any time after the anchor', () => {
    const anchorMs = NOW.getTime() - 10 * DAY_MS;
    const older = history.filter((e) => Date.parse(e.occurredAt) < anchorMs);
    const newer = history.filter((e) => Date.parse(e.occurredAt) >= anchorMs);
    const summary = summaryOf(older, anchorMs, ['page_view', 'email_clicked']);
    for (const days of [10, 3, 1.5, 0, -20]) {
      const now = new Date(NOW.getTime() - days * DAY_MS);
      const whole = computeScoreTotals(viewOf({}, history), config, now);
      expect(computeScoreTotals(viewOf({}, newer), config, now, summary).engagement).toBeCloseTo(whole.engagement, 9);
      expect(whole.engagement).toBeGreaterThan(0);
    }
  });

  it('counts a once rule at its newest event, summed or listed', () => {
    const anchorMs = NOW.getTime() - 100 * DAY_MS;
    const pricingOnly = modelOf({ engagement: [rules[1]!], halfLifeDays: 30 });
    const older = [eventOf('page_view', daysAgo(200), { url: '/pricing' }), eventOf('page_view', daysAgo(150), { url: '/pricing' })];
    const summary = summaryOf(older, anchorMs, ['page_view'], pricingOnly);
    // Only the summed events: the newest of them, 150 days ago.
    expect(computeScoreTotals(viewOf({}, []), configOf(pricingOnly), NOW, summary).engagement).toBeCloseTo(10 * 0.5 ** 5, 2);
    // A listed one 30 days ago is newer, and counts instead.
    const listed = [eventOf('page_view', daysAgo(30), { url: '/pricing' })];
    expect(computeScoreTotals(viewOf({}, listed), configOf(pricingOnly), NOW, summary).engagement).toBe(5);
  });

  it('carries a stored summary to a later anchor as if it had been taken there', () => {
    const types = ['page_view', 'email_clicked'];
    const storedAt = NOW.getTime() - 200 * DAY_MS;
    const laterAt = NOW.getTime() - 5 * DAY_MS;
    const before = (ms: number) => history.filter((e) => Date.parse(e.occurredAt) < ms);
    const between = history.filter((e) => Date.parse(e.occurredAt) >= storedAt && Date.parse(e.occurredAt) < laterAt);
    const stored = summaryOf(before(storedAt), storedAt, types);
    const recent = summaryOf(between, laterAt, types);
    const carried = advanceEngagementWeights(model, stored, laterAt, recent.weights);
    const direct = summaryOf(before(laterAt), laterAt, types).weights;
    carried.forEach((weight, index) => expect(weight).toBeCloseTo(direct[index]!, 12));
    // The once rule (pricing) takes its newest event, the one from between the anchors; the form rule sums nothing.
    expect(carried[1]).toBe(recent.weights[1]);
    expect(carried[3]).toBe(0);
    expect(() => advanceEngagementWeights(model, stored, storedAt - 1, recent.weights)).toThrow(/forward/);
  });

  it('refuses a summary taken for another model, after now, or for a contact with engagement carried over a recycle', () => {
    const summary = summaryOf(history, NOW.getTime(), ['page_view']);
    expect(() => computeScoreTotals(viewOf({}, []), configOf({ ...model, name: 'other' }), NOW, summary)).toThrow(/does not hold/);
    expect(() => computeScoreTotals(viewOf({}, []), config, new Date(NOW.getTime() - 1), summary)).toThrow(/does not hold/);
    const recycled = contactOf({ properties: { _engagementBase: { [model.name]: { points: 10, at: daysAgo(5) } } } });
    expect(() => computeScoreTotals({ ...viewOf({}, []), contact: recycled }, config, NOW, summary)).toThrow(/after a recycle/);
  });
});

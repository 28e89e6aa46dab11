import { describe, expect, it } from 'vitest';
import { computeScores } from './score.ts';
import { recycleEngagement } from './recycle-reset.ts';
import { ENGAGEMENT_BASE_PROPERTY } from './engagement-base.ts';
import { NOW, configOf, daysAgo, eventOf, modelOf, viewOf } from './scoring.fixtures.ts';
import type { ContactView } from '../filter/filter.ts';

const DAY_MS = 86_400_000;
const config = configOf(
  modelOf({
    halfLifeDays: 30,
    fit: [{ id: 'us', label: 'US', when: { property: 'country', op: 'eq', value: 'US' }, points: 40 }],
    engagement: [
      { id: 'form', label: 'Form', event: 'form_submitted', points: 20, mode: 'repeatable' },
      { id: 'meeting', label: 'Meeting', event: 'meeting_booked', points: 30, mode: 'once' },
    ],
  }),
);
const before = viewOf({ country: 'US' }, [
  eventOf('form_submitted', daysAgo(0)),
  eventOf('form_submitted', daysAgo(0)),
  eventOf('meeting_booked', daysAgo(0)),
]);
const later = (days: number) => new Date(NOW.getTime() + days * DAY_MS);
const recycled = (view: ContactView = before): ContactView => ({
  ...view,
  contact: recycleEngagement(view, config, 0.25, NOW),
});

describe('recycling resets engagement to a fraction', () => {
  it('leaves the configured fraction of engagement and keeps fit', () => {
    expect(computeScores(before, config, NOW).engagement).toBe(70);
    const contact = recycleEngagement(before, config, 0.25, NOW);
    expect(contact).toMatchObject({ engagementScore: 17.5, fitScore: 40 });
    expect(contact.properties[ENGAGEMENT_BASE_PROPERTY]).toEqual({ test: { points: 17.5, at: NOW.toISOString() } });
  });

  it('survives recomputation: events up to the recycle are not counted again', () => {
    const result = computeScores(recycled(), config, NOW);
    expect(result.engagement).toBe(17.5);
    expect(result.explanation).toContainEqual({
      rule: 'recycle:carried_over',
      kind: 'engagement',
      points: 17.5,
      at: NOW.toISOString(),
    });
  });

  it('decays the carried-over points with the model’s half-life', () => {
    expect(computeScores(recycled(), config, later(30)).engagement).toBe(8.75);
  });

  it('adds events after the recycle at full weight, and a once rule may score again', () => {
    const view = recycled();
    const after = { ...view, events: [...view.events, eventOf('meeting_booked', later(1).toISOString())] };
    expect(computeScores(after, config, later(1)).engagement).toBeCloseTo(17.5 * 0.5 ** (1 / 30) + 30, 2);
  });

  it('chains: a second recycle takes its fraction of the score at that time', () => {
    const second = recycleEngagement(recycled(), config, 0.5, NOW);
    expect(second.engagementScore).toBe(8.75);
  });

  it('refuses a fraction outside 0..1', () => {
    expect(() => recycleEngagement(before, config, 1.5, NOW)).toThrow(RangeError);
  });
});

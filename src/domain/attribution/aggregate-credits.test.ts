import { describe, expect, it } from 'vitest';
import { aggregateCredits, UNATTRIBUTED } from './aggregate-credits.ts';
import type { Journey } from './journey.ts';

const touch = (at: string, channel: string, campaign: string | null = null) => ({ at, channel, campaign });

const JOURNEYS: Journey[] = [
  {
    touches: [
      touch('2025-01-01T00:00:00Z', 'organic_search'),
      touch('2025-01-05T00:00:00Z', 'email', 'nurture'),
      touch('2025-01-09T00:00:00Z', 'paid_search', 'brand'),
    ],
    milestones: { lead: 2 },
    conversionAt: '2025-01-09T00:00:00Z',
    value: 10_000,
    unit: 'minor_units',
  },
  {
    touches: [touch('2025-02-01T00:00:00Z', 'paid_search', 'brand'), touch('2025-02-03T00:00:00Z', 'direct')],
    milestones: { lead: 1 },
    conversionAt: '2025-02-03T00:00:00Z',
    value: 5_000,
    unit: 'minor_units',
  },
  { touches: [], conversionAt: '2025-03-01T00:00:00Z', value: 1_000, unit: 'minor_units' },
];

describe('aggregateCredits', () => {
  it('sums credit per channel, listing channels the model gave nothing', () => {
    expect(aggregateCredits(JOURNEYS, 'first_touch', 'channel')).toEqual(
      new Map([
        ['organic_search', 10_000],
        ['email', 0],
        ['paid_search', 5_000],
        ['direct', 0],
        [UNATTRIBUTED, 1_000],
      ]),
    );
  });

  it('sums credit per campaign; touches without one count as unattributed', () => {
    // u_shaped: journey 1 → 4000 / 2000 / 4000; journey 2 → 2500 / 2500.
    expect(aggregateCredits(JOURNEYS, 'u_shaped', 'campaign')).toEqual(
      new Map([
        [UNATTRIBUTED, 4_000 + 2_500 + 1_000],
        ['nurture', 2_000],
        ['brand', 4_000 + 2_500],
      ]),
    );
  });

  it('keeps the total value whatever the model', () => {
    for (const model of ['linear', 'w_shaped', 'full_path', 'time_decay'] as const) {
      const totals = aggregateCredits(JOURNEYS, model, 'channel');
      expect([...totals.values()].reduce((a, b) => a + b, 0), model).toBe(16_000);
    }
  });

  it('counts conversions as fractions', () => {
    const counted = JOURNEYS.map((journey): Journey => ({ ...journey, value: 1, unit: 'count' }));
    const totals = aggregateCredits(counted, 'linear', 'channel');
    expect(totals.get('paid_search')).toBeCloseTo(1 / 3 + 1 / 2, 12);
    expect(totals.get(UNATTRIBUTED)).toBe(1);
  });
});

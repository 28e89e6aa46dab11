import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributionTouch, Journey, Milestones, ValueUnit } from './journey.ts';
import { ATTRIBUTION_MODELS, attribute, positionShares, TIME_DECAY_HALF_LIFE_MS, type AttributionModel, weighsByPosition } from './models.ts';

const DAY = 24 * 60 * 60 * 1000;
const CONVERSION = Date.parse('2025-06-30T12:00:00.000Z');
const CONVERSION_AT = new Date(CONVERSION).toISOString();

/** A journey whose touches happened the given numbers of days before the conversion. */
const journey = (daysBefore: number[], milestones: Milestones = {}, value = 1, unit: ValueUnit = 'count'): Journey => ({
  touches: daysBefore.map((days, index) => ({
    at: new Date(CONVERSION - days * DAY).toISOString(),
    channel: `channel_${index}`,
    campaign: null,
  })),
  milestones,
  conversionAt: CONVERSION_AT,
  value,
  unit,
});

/** n touches, one a day, the last on the conversion day. */
const days = (n: number) => Array.from({ length: n }, (_, index) => n - 1 - index);

const expectCredits = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((credit, index) => expect(credit, `touch ${index}`).toBeCloseTo(expected[index]!, 12));
};

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('attribute: single-touch models', () => {
  it('first touch takes everything', () => {
    expect(attribute('first_touch', journey(days(3)))).toEqual([1, 0, 0]);
  });

  it('last touch takes everything', () => {
    expect(attribute('last_touch', journey(days(3)))).toEqual([0, 0, 1]);
  });

  it('linear splits evenly', () => {
    expect(attribute('linear', journey(days(4)))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('a journey of one touch gives it everything under every model', () => {
    for (const model of ATTRIBUTION_MODELS) {
      expect(attribute(model, journey([3], { lead: 0, opportunity: 0, close: 0 }, 12_345, 'minor_units')), model).toEqual([12_345]);
    }
  });

  it('a journey without touches has nothing to credit', () => {
    expect(attribute('linear', journey([]))).toEqual([]);
  });
});

describe('attribute: u_shaped (40% first, 40% lead creation, 20% over the rest)', () => {
  it('five touches, lead created by the last', () => {
    expectCredits(attribute('u_shaped', journey(days(5), { lead: 4 })), [0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.4]);
  });

  it('five touches, lead created by the third: the rest share covers touches after it too', () => {
    expectCredits(attribute('u_shaped', journey(days(5), { lead: 2 })), [0.4, 0.2 / 3, 0.4, 0.2 / 3, 0.2 / 3]);
  });

  it('without a lead index the lead share goes to the last touch', () => {
    expect(attribute('u_shaped', journey(days(5)))).toEqual(attribute('u_shaped', journey(days(5), { lead: 4 })));
  });

  it('first touch that also created the lead takes both shares', () => {
    expectCredits(attribute('u_shaped', journey(days(5), { lead: 0 })), [0.8, 0.05, 0.05, 0.05, 0.05]);
  });

  it('two touches leave no rest: its share is split in proportion, 50/50', () => {
    expectCredits(attribute('u_shaped', journey(days(2), { lead: 1 })), [0.5, 0.5]);
  });
});

describe('attribute: w_shaped (30% first, lead, opportunity; 10% over the rest)', () => {
  it('five touches with three distinct milestones', () => {
    expectCredits(attribute('w_shaped', journey(days(5), { lead: 2, opportunity: 4 })), [0.3, 0.05, 0.3, 0.05, 0.3]);
  });

  it('three touches, all milestones: the rest share is redistributed to equal thirds', () => {
    expectCredits(attribute('w_shaped', journey(days(3), { lead: 1, opportunity: 2 })), [1 / 3, 1 / 3, 1 / 3]);
  });

  it('first touch created the lead: 60% on it, 30% on the opportunity touch, 10% over the rest', () => {
    expectCredits(attribute('w_shaped', journey(days(4), { lead: 0, opportunity: 3 })), [0.6, 0.05, 0.05, 0.3]);
  });

  it('merged milestones and no rest: 60/30 becomes 2/3 and 1/3', () => {
    expectCredits(attribute('w_shaped', journey(days(2), { lead: 0, opportunity: 1 })), [2 / 3, 1 / 3]);
  });
});

describe('attribute: full_path (22.5% first, lead, opportunity, close; 10% over the rest)', () => {
  it('seven touches with four distinct milestones', () => {
    const rest = 0.1 / 3;
    expectCredits(attribute('full_path', journey(days(7), { lead: 2, opportunity: 4, close: 6 })), [0.225, rest, 0.225, rest, 0.225, rest, 0.225]);
  });

  it('four touches, each a milestone: quarters', () => {
    expectCredits(attribute('full_path', journey(days(4), { lead: 1, opportunity: 2, close: 3 })), [0.25, 0.25, 0.25, 0.25]);
  });

  it('lead and opportunity created by the same touch', () => {
    expectCredits(attribute('full_path', journey(days(5), { lead: 1, opportunity: 1, close: 3 })), [0.225, 0.45, 0.05, 0.225, 0.05]);
  });
});

describe('attribute: time_decay (half-life 7 days before the conversion)', () => {
  it('touches 14, 7 and 0 days out weigh 1/4, 1/2 and 1: credits 1/7, 2/7, 4/7', () => {
    expectCredits(attribute('time_decay', journey([14, 7, 0])), [1 / 7, 2 / 7, 4 / 7]);
  });

  it('splits money exactly along the same weights', () => {
    expect(attribute('time_decay', journey([14, 7, 0], {}, 700, 'minor_units'))).toEqual([100, 200, 400]);
  });

  it('touches at the same time share equally', () => {
    expectCredits(attribute('time_decay', journey([3, 3])), [0.5, 0.5]);
  });

  it('half a half-life is a factor of √2', () => {
    const [older, newer] = attribute('time_decay', journey([10.5, 7]));
    expect(newer! / older!).toBeCloseTo(Math.SQRT2, 12);
  });

  it('stays defined for very old journeys', () => {
    expectCredits(attribute('time_decay', journey([40_000, 39_993])), [1 / 3, 2 / 3]);
  });

  it('uses a 7-day half-life', () => {
    expect(TIME_DECAY_HALF_LIFE_MS).toBe(7 * DAY);
  });
});

describe('attribute: money in minor units', () => {
  it('distributes remainders to the largest fractions, ties to the earlier touch', () => {
    expect(attribute('linear', journey(days(3), {}, 100, 'minor_units'))).toEqual([34, 33, 33]);
    expect(attribute('linear', journey(days(3), {}, 200, 'minor_units'))).toEqual([67, 67, 66]);
    expect(attribute('u_shaped', journey(days(5), { lead: 4 }, 100, 'minor_units'))).toEqual([40, 7, 7, 6, 40]);
  });

  it('splits the largest safe amount exactly', () => {
    const credits = attribute('full_path', journey(days(9), { lead: 3, opportunity: 5, close: 8 }, Number.MAX_SAFE_INTEGER, 'minor_units'));
    expect(credits.every(Number.isSafeInteger)).toBe(true);
    expect(credits.reduce((total, credit) => total + BigInt(credit), 0n)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });
});

describe('attribute: journeys that break the contract are refused', () => {
  it.each<[string, Journey]>([
    ['a touch after the conversion', journey([1, -1])],
    ['touches out of order', journey([1, 2])],
    ['a milestone outside the journey', journey(days(3), { lead: 3 })],
    ['a fractional milestone', journey(days(3), { opportunity: 1.5 })],
    ['a fractional money value', journey(days(3), {}, 10.5, 'minor_units')],
    ['a negative value', journey(days(3), {}, -1)],
    ['a bad date', { ...journey(days(2)), conversionAt: 'yesterday' }],
  ])('%s', (_, bad) => {
    expect(() => attribute('linear', bad)).toThrow(RangeError);
  });
});

const touchesArb = fc
  .array(fc.integer({ min: 0, max: 400 * DAY }), { minLength: 1, maxLength: 12 })
  .map((ages) =>
    ages
      .sort((a, b) => b - a)
      .map((age, index): AttributionTouch => ({ at: new Date(CONVERSION - age).toISOString(), channel: `c${index % 3}`, campaign: null })),
  );

const milestoneArb = (length: number) => fc.option(fc.integer({ min: 0, max: length - 1 }), { nil: undefined });

const journeyArb = (unit: ValueUnit, value: fc.Arbitrary<number>) =>
  touchesArb.chain((touches) =>
    fc.record({
      touches: fc.constant(touches),
      milestones: fc.record({ lead: milestoneArb(touches.length), opportunity: milestoneArb(touches.length), close: milestoneArb(touches.length) }),
      conversionAt: fc.constant(CONVERSION_AT),
      value,
      unit: fc.constant(unit),
    }),
  );

const modelArb = fc.constantFrom<AttributionModel>(...ATTRIBUTION_MODELS);

describe('attribute: properties over random journeys', () => {
  it('money: non-negative integer credits that sum exactly to the value', () => {
    fc.assert(
      fc.property(modelArb, journeyArb('minor_units', fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), (model, j) => {
        const credits = attribute(model, j);
        expect(credits).toHaveLength(j.touches.length);
        expect(credits.every((credit) => Number.isSafeInteger(credit) && credit >= 0)).toBe(true);
        expect(credits.reduce((total, credit) => total + BigInt(credit), 0n)).toBe(BigInt(j.value));
      }),
    );
  });

  it('counts: non-negative credits that sum to the value within 1e-9', () => {
    fc.assert(
      fc.property(modelArb, journeyArb('count', fc.double({ min: 0, max: 1000, noNaN: true })), (model, j) => {
        const credits = attribute(model, j);
        expect(credits.every((credit) => credit >= 0)).toBe(true);
        expect(Math.abs(sum(credits) - j.value)).toBeLessThanOrEqual(1e-9 * Math.max(1, j.value));
      }),
    );
  });

  it('time decay: a touch 7 days older earns half the credit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 * DAY }), fc.integer({ min: 0, max: 30 * DAY }), (newerAge, gap) => {
        const ages = [newerAge + gap + TIME_DECAY_HALF_LIFE_MS, newerAge + gap, newerAge].map((age) => age / DAY);
        const [halved, base] = attribute('time_decay', journey(ages));
        expect(halved! / base!).toBeCloseTo(0.5, 9);
      }),
    );
  });
});

describe('positionShares', () => {
  it('gives each position of a journey of one shape what attribute gives its touch, per unit of value', () => {
    const positional = fc.constantFrom(...ATTRIBUTION_MODELS.filter(weighsByPosition));
    fc.assert(
      fc.property(positional, journeyArb('count', fc.constant(1)), (model, j) => {
        expect(positionShares(model, j.touches.length, j.milestones ?? {})).toEqual(attribute(model, j));
      }),
    );
  });

  it('has no shares for a journey without touches, and leaves time decay out', () => {
    expect(positionShares('linear', 0, {})).toEqual([]);
    expect(weighsByPosition('time_decay')).toBe(false);
  });
});

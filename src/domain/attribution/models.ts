import { apportion } from './apportion.ts';
import type { AttributionTouch, Journey, Milestones } from './journey.ts';

export const ATTRIBUTION_MODELS = ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path', 'time_decay'] as const;

export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export const TIME_DECAY_HALF_LIFE_MS = 7 * 24 * 60 * 60 * 1000;

/** Shares of the positional models, in thousandths so they stay exact integers. */
type PositionalShares = { first: number; lead: number; opportunity: number; close: number; rest: number };

const POSITIONAL_SHARES = {
  u_shaped: { first: 400, lead: 400, opportunity: 0, close: 0, rest: 200 },
  w_shaped: { first: 300, lead: 300, opportunity: 300, close: 0, rest: 100 },
  full_path: { first: 225, lead: 225, opportunity: 225, close: 225, rest: 100 },
} as const satisfies Record<string, PositionalShares>;

type Weigh = (journey: Journey) => bigint[];

/**
 * Milestones that fall on one touch add their shares on it. The rest share is spread evenly over
 * the touches that are no milestone (scaled by their count to stay integral); when there are none,
 * it is left out, which hands it to the milestone touches in proportion to their shares.
 */
const positional =
  (shares: PositionalShares): Weigh =>
  ({ touches, milestones = {} }) => {
    const last = touches.length - 1;
    const placed: [number, number][] = [
      [0, shares.first],
      [milestones.lead ?? last, shares.lead],
      [milestones.opportunity ?? last, shares.opportunity],
      [milestones.close ?? last, shares.close],
    ];
    const onMilestones = touches.map((_, index) =>
      placed.reduce((sum, [at, share]) => (at === index ? sum + share : sum), 0),
    );
    const restCount = onMilestones.filter((share) => share === 0).length;
    if (restCount === 0) return onMilestones.map(BigInt);
    return onMilestones.map((share) => BigInt(share === 0 ? shares.rest : share * restCount));
  };

// 2^(-age / half-life), with ages measured from the newest touch rather than the conversion: the
// common factor cancels in the normalization, and the newest weight of 1 keeps the sum away from
// zero however old the journey is. Weights become integers at 2^52 so money can be split exactly.
const timeDecay: Weigh = ({ touches }) => {
  const times = touches.map(({ at }) => Date.parse(at));
  const newest = times.reduce((latest, time) => Math.max(latest, time), -Infinity);
  return times.map((time) => BigInt(Math.round(2 ** ((time - newest) / TIME_DECAY_HALF_LIFE_MS) * 2 ** 52)));
};

/**
 * The time-decay weight above as a SQL expression (float8) of a touch's time and its journey's newest touch's,
 * for reports that credit in the database. Past 60 half-lives the weight rounds to 0 in both; the exponent is
 * held there, since PostgreSQL's power() raises an error on underflow.
 */
export const timeDecayWeightSql = (at: string, newest: string): string =>
  `round(power(2::float8, greatest(extract(epoch FROM ${at} - ${newest}) * 1000 / ${TIME_DECAY_HALF_LIFE_MS}, -60)) * ${2 ** 52})`;

const WEIGHTS: Record<AttributionModel, Weigh> = {
  first_touch: ({ touches }) => touches.map((_, index) => (index === 0 ? 1n : 0n)),
  last_touch: ({ touches }) => touches.map((_, index) => (index === touches.length - 1 ? 1n : 0n)),
  linear: ({ touches }) => touches.map(() => 1n),
  u_shaped: positional(POSITIONAL_SHARES.u_shaped),
  w_shaped: positional(POSITIONAL_SHARES.w_shaped),
  full_path: positional(POSITIONAL_SHARES.full_path),
  time_decay: timeDecay,
};

const checkJourney = ({ touches, milestones = {}, conversionAt }: Journey<AttributionTouch>): void => {
  const conversion = Date.parse(conversionAt);
  if (Number.isNaN(conversion)) throw new RangeError(`conversionAt is not a date: ${conversionAt}`);
  let previous = -Infinity;
  for (const { at } of touches) {
    const time = Date.parse(at);
    if (Number.isNaN(time)) throw new RangeError(`touch time is not a date: ${at}`);
    if (time < previous) throw new RangeError('touches must be ordered oldest first');
    if (time > conversion) throw new RangeError(`touch at ${at} is after the conversion at ${conversionAt}`);
    previous = time;
  }
  for (const [name, index] of Object.entries(milestones)) {
    if (index == null) continue;
    if (!Number.isInteger(index) || index < 0 || index >= touches.length) {
      throw new RangeError(`${name} milestone index ${index} is not a touch of the journey`);
    }
  }
};

/** Every model but time decay weighs a touch by its position in the journey and the milestones alone. */
export type PositionalModel = Exclude<AttributionModel, 'time_decay'>;

export const weighsByPosition = (model: AttributionModel): model is PositionalModel => model !== 'time_decay';

/**
 * Under a model that weighs by position, the share of each position of any journey of `length` touches with
 * these milestones, whatever the touches are: journeys of one shape credit alike, so a report over many journeys
 * of a count can add up its touches per shape first. The shares sum to 1.
 */
export const positionShares = (model: PositionalModel, length: number, milestones: Milestones): number[] => {
  const touches = Array.from({ length }, () => ({ at: '', channel: '', campaign: null }));
  return length === 0 ? [] : apportion(1, WEIGHTS[model]({ touches, milestones, conversionAt: '', value: 1 }), 'count');
};

/**
 * The credit each touch of a journey earns under a model, by touch index. For a non-empty journey
 * the credits are non-negative and sum to its value: exactly in `minor_units`, to floating-point
 * precision in `count`. One touch takes everything; a journey without touches has nothing to credit.
 * Throws a RangeError when the journey breaks its contract (unordered touches, touches after the
 * conversion, milestone indices outside the journey, a negative or fractional money value).
 */
export const attribute = (model: AttributionModel, journey: Journey): number[] => {
  checkJourney(journey);
  if (journey.touches.length === 0) return [];
  return apportion(journey.value, WEIGHTS[model](journey), journey.unit ?? 'count');
};

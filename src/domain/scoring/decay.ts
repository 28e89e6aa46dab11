// Engagement fades: a point earned one half-life ago is worth half a point now.

const DAY_MS = 86_400_000;

/** The weight now of points earned `ageMs` ago; 1 when there is no half-life. */
export const decayFactor = (ageMs: number, halfLifeDays: number | undefined): number =>
  halfLifeDays === undefined || halfLifeDays <= 0 ? 1 : 0.5 ** (Math.max(0, ageMs) / (halfLifeDays * DAY_MS));

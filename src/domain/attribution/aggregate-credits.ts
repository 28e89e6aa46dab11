import type { Journey } from './journey.ts';
import { attribute, type AttributionModel } from './models.ts';

export type CreditKey = 'channel' | 'campaign';

/** Where credit goes that has no key: touches without a campaign, journeys without touches. */
export const UNATTRIBUTED = '(none)';

/**
 * Total credit per channel or campaign over many journeys. Every key a touch carries appears, with
 * zero when the model gave it nothing; the totals add up to the journeys' total value.
 */
export const aggregateCredits = (journeys: Iterable<Journey>, model: AttributionModel, key: CreditKey): Map<string, number> => {
  const totals = new Map<string, number>();
  const add = (name: string, credit: number) => totals.set(name, (totals.get(name) ?? 0) + credit);
  for (const journey of journeys) {
    const credits = attribute(model, journey);
    if (journey.touches.length === 0) add(UNATTRIBUTED, journey.value);
    journey.touches.forEach((touch, index) => add(touch[key] ?? UNATTRIBUTED, credits[index] ?? 0));
  }
  return totals;
};

// The recycle action's effect on scores: engagement drops to a configured fraction and stays there
// (decaying) while new events add to it. See engagement-base.ts for how the reset is stored.

import type { Contact } from '../contact.ts';
import type { ContactView } from '../filter/filter.ts';
import { ENGAGEMENT_BASE_PROPERTY, engagementBasesAt } from './engagement-base.ts';
import { computeAllScores, computeScores } from './score.ts';
import type { ScoringConfig } from './scoring-model.ts';

/** The contact after a recycle at `now`: every model's engagement reset to `fraction` (0..1) of its current value. */
export const recycleEngagement = (view: ContactView, config: ScoringConfig, fraction: number, now: Date): Contact => {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`recycle fraction must be within 0..1, got ${fraction}`);
  const engagementByModel = Object.fromEntries(
    Object.entries(computeAllScores(view, config, now)).map(([model, result]) => [model, result.engagement]),
  );
  const contact: Contact = {
    ...view.contact,
    properties: { ...view.contact.properties, [ENGAGEMENT_BASE_PROPERTY]: engagementBasesAt(engagementByModel, fraction, now) },
  };
  const scores = computeScores({ ...view, contact }, config, now);
  return { ...contact, fitScore: scores.fit, engagementScore: scores.engagement };
};

// What the lifecycle step reads and returns. Effects are what the caller must write; the step itself
// writes nothing, so live ingestion, bulk re-evaluation and replay share it.

import type { Company, Contact } from '../contact.ts';
import type { ContactView } from '../filter/filter.ts';
import type { EngagementSummary } from '../scoring/engagement-score.ts';
import type { ScoreTotals } from '../scoring/score.ts';
import type { ScoreModel } from '../scoring/scoring-model.ts';
import type { LifecycleConfig } from './lifecycle-config.ts';
import { pathIndex } from './path.ts';
import type { Transition } from './transition.ts';

export type LifecycleState = {
  view: ContactView;
  /**
   * Set by the latest backward move (recycle or admin override): only events after it count toward
   * entry criteria, so a recycled contact re-qualifies on new activity, not on the demo request that
   * made it an SQL the first time. Null when the contact never moved backward.
   */
  qualifyingFrom: string | null;
  /**
   * The primary model's engagement from stored events the view does not list (summarizableEventTypes), when the
   * state was read that way: a step scores with it, and the step's own events are in the view.
   */
  engagementSummary?: EngagementSummary;
  /**
   * The fit a step computed for this contact and company under `model`, when no event can change it (fitOutlastsEvents):
   * the next event step takes it while the view holds these same contact and company objects (carried-fit.ts).
   */
  fit?: KnownFit;
};

export type KnownFit = { model: ScoreModel; contact: Contact; company: Company | null; value: number };

/** The lifecycle fields a step may change on the contact. */
export type ContactLifecycleChanges = Partial<
  Pick<Contact, 'lifecycleStage' | 'stageEnteredAt' | 'leadStatus' | 'customerStatus' | 'fitScore' | 'engagementScore' | 'properties'>
>;

export type LifecycleEffect =
  /** The open history row of the stage being left gets its exit time. */
  | { type: 'stage_exited'; stage: string; exitedAt: string }
  | { type: 'transition'; transition: Transition }
  | { type: 'contact_updated'; changes: ContactLifecycleChanges }
  | { type: 'scored'; score: ScoreTotals }
  /** The contact met a later stage's criteria but lacks its required fields: it stays where it is. */
  | { type: 'entry_blocked'; stage: string; missingFields: string[] };

export type StepResult = { state: LifecycleState; effects: LifecycleEffect[] };

/** The state's `qualifyingFrom`, from the contact's stored history: the entry time of its latest backward move. */
export const qualifyingFromHistory = (transitions: readonly Transition[], config: LifecycleConfig): string | null =>
  transitions
    .filter((row) => {
      const to = pathIndex(config, row.to);
      return !row.skipped && to >= 0 && to < pathIndex(config, row.from);
    })
    .map((row) => row.enteredAt)
    .reduce<string | null>((latest, at) => (latest === null || Date.parse(at) > Date.parse(latest) ? at : latest), null);

/** The score fields that differ between the contact before and after rescoring. */
export const scoreChanges = (before: Contact, after: Pick<Contact, 'fitScore' | 'engagementScore'>): ContactLifecycleChanges => ({
  ...(after.fitScore === before.fitScore ? {} : { fitScore: after.fitScore }),
  ...(after.engagementScore === before.engagementScore ? {} : { engagementScore: after.engagementScore }),
});

/** A contact update effect, or none when nothing changed. */
export const contactUpdated = (changes: ContactLifecycleChanges): LifecycleEffect[] =>
  Object.keys(changes).length === 0 ? [] : [{ type: 'contact_updated', changes }];

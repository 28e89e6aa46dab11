// The fit one event step leaves for the next: under most models a contact's fit depends on who the contact is, not
// on what it did, so its steps need not compute it again for every event (LifecycleState.fit).

import type { Company, Contact } from '../contact.ts';
import type { EventCondition, PropertyCondition } from '../filter/filter.ts';
import { isEventCondition, someLeaf } from '../filter/filter-tree.ts';
import type { ScoreModel } from '../scoring/scoring-model.ts';
import type { ContactLifecycleChanges, KnownFit, LifecycleState } from './lifecycle-state.ts';

/**
 * The contact fields a step writes for an event: its stage, statuses and scores (not `properties`: a recycle's). Every
 * lifecycle change but that one is listed, or this does not compile.
 */
const STEP_FIELDS = {
  lifecycleStage: true,
  stageEnteredAt: true,
  leadStatus: true,
  customerStatus: true,
  fitScore: true,
  engagementScore: true,
} as const satisfies Record<Exclude<keyof ContactLifecycleChanges, 'properties'>, true>;

const outlasting = new WeakMap<ScoreModel, boolean>();

/**
 * Whether a model's fit of a contact stays what it was over the contact's event steps: no fit rule names an event,
 * a time relative to now, or a field the step itself writes. The fit then depends on the contact's other fields and
 * its company only, which an event step leaves alone.
 */
export const fitOutlastsEvents = (model: ScoreModel): boolean => {
  let outlasts = outlasting.get(model);
  if (outlasts === undefined) {
    outlasts = !model.fit.some((rule) =>
      someLeaf<PropertyCondition | EventCondition>(
        rule.when,
        (leaf) => isEventCondition(leaf) || leaf.op === 'within_last' || leaf.op === 'more_than_ago' || Object.hasOwn(STEP_FIELDS, leaf.property),
      ),
    );
    outlasting.set(model, outlasts);
  }
  return outlasts;
};

/**
 * The fit an earlier step left for an event's step (`event`: the input is an event, not a property change): under the
 * same model, while the state's view still holds the contact and company it was computed for.
 */
export const carriedFit = (state: LifecycleState, event: boolean, model: ScoreModel): number | undefined => {
  const known = state.fit;
  return event && known?.model === model && known.contact === state.view.contact && known.company === state.view.company ? known.value : undefined;
};

/** What a step leaves for the next one: its fit `value`, for the contact and company the new state holds, when no event can change it. */
export const fitToCarry = (model: ScoreModel, contact: Contact, company: Company | null, value: number): Pick<LifecycleState, 'fit'> =>
  fitOutlastsEvents(model) ? { fit: { model, contact, company, value } satisfies KnownFit } : {};

// Where the criteria send a contact, decided without side effects.
//
// - Forward only: the furthest on-path stage after the current one whose entry criteria the contact
//   meets. An automatic rule never moves a contact backward, whatever it stops meeting.
// - A current stage with exit criteria holds the contact until they are met.
// - A contact with no stage joins the path at the furthest stage it meets, else at the first stage.
// - Off-path stages (`other`) classify contacts on arrival: a contact with no stage that meets an
//   off-path stage's criteria goes there instead of onto the path. Rules never move a contact into an
//   off-path stage later (a lead who becomes a partner is moved by hand), nor out of one (a partner
//   filling a form stays a partner).
// - Required fields of the target and of the stages it skips block the move: the contact stays.

import type { ContactView } from '../filter/filter.ts';
import { viewMeets } from '../filter/predicate.ts';
import { fieldsRequiredToEnter } from './enter-stage.ts';
import type { LifecycleConfig, Stage } from './lifecycle-config.ts';
import { findStage, pathIndex, pathStages } from './path.ts';
import { missingFields } from './required-fields.ts';

export type MoveDecision =
  | { kind: 'stay' }
  | { kind: 'enter'; target: Stage }
  | { kind: 'blocked'; target: Stage; missingFields: string[] };

const meetsEntry = (stage: Stage, view: ContactView, now: Date): boolean =>
  stage.entry !== null && viewMeets(stage.entry, view, now);

const furthestMet = (stages: readonly Stage[], view: ContactView, now: Date): Stage | null =>
  stages.findLast((stage) => meetsEntry(stage, view, now)) ?? null;

const targetFor = (view: ContactView, config: LifecycleConfig, now: Date): Stage | null => {
  const current = view.contact.lifecycleStage;
  const path = pathStages(config);
  if (current === null) {
    const offPath = config.stages
      .filter((stage) => stage.offPath)
      .sort((a, b) => a.order - b.order)
      .find((stage) => meetsEntry(stage, view, now));
    return offPath ?? furthestMet(path, view, now) ?? path[0] ?? null;
  }
  const index = pathIndex(config, current);
  // Off-path or no longer defined (a changed configuration): only a person moves the contact on.
  if (index < 0) return null;
  const exit = findStage(config, current)?.exit ?? null;
  if (exit !== null && !viewMeets(exit, view, now)) return null;
  return furthestMet(path.slice(index + 1), view, now);
};

/**
 * `view` is the contact as criteria should see it (scores current, events limited to the qualifying
 * ones); required fields are checked on the same view.
 */
export const decideAutomaticMove = (view: ContactView, config: LifecycleConfig, now: Date): MoveDecision => {
  const target = targetFor(view, config, now);
  if (target === null) return { kind: 'stay' };
  const missing = missingFields(view, fieldsRequiredToEnter(config, view.contact.lifecycleStage, target));
  return missing.length > 0 ? { kind: 'blocked', target, missingFields: missing } : { kind: 'enter', target };
};

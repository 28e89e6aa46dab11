// Entering a stage, however decided (criteria, a person, a recycle): close the current stage's row,
// record each on-path stage a forward jump passes over as skipped, open the target's row, and set the
// contact's lifecycle fields. One piece of code so every kind of move writes the same history.

import type { Contact } from '../contact.ts';
import type { LifecycleConfig, Stage } from './lifecycle-config.ts';
import type { ContactLifecycleChanges, LifecycleEffect } from './lifecycle-state.ts';
import { isCustomerStage, pathIndex, stagesBetween } from './path.ts';
import type { Transition, TransitionCause } from './transition.ts';

export type StageEntry = {
  target: Stage;
  at: string;
  cause: TransitionCause;
  reason: string | null;
  /** Overrides the stages' own lead status on entry (a recycle sets `recycled`). */
  leadStatus?: string;
};

/** `changes` holds only the fields whose value differs from the contact's before the move. */
export type EnteredStage = { contact: Contact; changes: ContactLifecycleChanges; effects: LifecycleEffect[] };

/**
 * The on-path stages a move to `target` passes over. A contact with no stage, or off the path, joins
 * the path at the start (so a contact created straight into `lead` also counts as a subscriber) unless
 * the target is an entry point. Entry points are never skipped over; backward moves skip nothing.
 */
export const skippedStages = (config: LifecycleConfig, from: string | null, target: Stage): Stage[] => {
  const toIndex = pathIndex(config, target.id);
  const fromIndex = pathIndex(config, from);
  if (toIndex <= fromIndex || (fromIndex < 0 && target.entryPoint)) return [];
  return stagesBetween(config, fromIndex, toIndex).filter((stage) => !stage.entryPoint);
};

/** The fields the contact must have to enter `target` from `from`: the target's and every skipped stage's. */
export const fieldsRequiredToEnter = (config: LifecycleConfig, from: string | null, target: Stage): string[] => [
  ...new Set([...skippedStages(config, from, target), target].flatMap((stage) => stage.requiredFields)),
];

// Lead status follows the furthest stage entered that sets one; a stage that sets none keeps the status
// the contact had (status is not stage: a sales rep's `connected` survives the move to opportunity
// unless the opportunity stage says otherwise).
const leadStatusAfter = (entered: readonly Stage[], current: string | null): string | null =>
  entered.reduce<string | null>((status, stage) => stage.leadStatusOnEntry ?? status, current);

export const enterStage = (contact: Contact, entry: StageEntry, config: LifecycleConfig): EnteredStage => {
  const from = contact.lifecycleStage;
  const skipped = skippedStages(config, from, entry.target);
  const chain = [...skipped, entry.target];
  const transitions: Transition[] = chain.map((stage, index) => ({
    from: index === 0 ? from : chain[index - 1]!.id,
    to: stage.id,
    enteredAt: entry.at,
    exitedAt: stage === entry.target ? null : entry.at,
    skipped: stage !== entry.target,
    cause: entry.cause,
    reason: entry.reason,
  }));
  const next: ContactLifecycleChanges = {
    lifecycleStage: entry.target.id,
    stageEnteredAt: entry.at,
    leadStatus: entry.leadStatus ?? leadStatusAfter(chain, contact.leadStatus),
    // A contact becomes an active customer on arrival; `inactive` is set by people or churn rules, not here.
    customerStatus:
      isCustomerStage(config, entry.target.id) && contact.customerStatus === null ? 'active' : contact.customerStatus,
  };
  const changes = Object.fromEntries(
    Object.entries(next).filter(([field, value]) => contact[field as keyof ContactLifecycleChanges] !== value),
  ) as ContactLifecycleChanges;
  const exited: LifecycleEffect[] = from === null ? [] : [{ type: 'stage_exited', stage: from, exitedAt: entry.at }];
  return {
    contact: { ...contact, ...next },
    changes,
    effects: [...exited, ...transitions.map((transition): LifecycleEffect => ({ type: 'transition', transition }))],
  };
};

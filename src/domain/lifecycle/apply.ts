// The lifecycle step: one event or property change in, the contact's new state and the effects to
// write out. Scores are recomputed first, so an event that crosses a score threshold moves the contact
// in the same step. `now` defaults to the input's own time, so replaying history gives the same moves.

import type { Company, Contact } from '../contact.ts';
import type { ContactEvent } from '../event.ts';
import type { ContactView } from '../filter/filter.ts';
import { computeScoreTotals, primaryModel, type ScoreTotals } from '../scoring/score.ts';
import { decideAutomaticMove } from './automatic-move.ts';
import { carriedFit, fitToCarry, rememberedFit } from './carried-fit.ts';
import { enterStage } from './enter-stage.ts';
import type { LifecycleConfig } from './lifecycle-config.ts';
import { contactUpdated, scoreChanges } from './lifecycle-state.ts';
import type { LifecycleEffect, LifecycleState, StepResult } from './lifecycle-state.ts';
import type { TransitionCause } from './transition.ts';

/** Fields a person or an import may change; stage and scores belong to the engine. */
export type ContactChanges = Partial<
  Pick<
    Contact,
    'email' | 'firstName' | 'lastName' | 'phone' | 'jobTitle' | 'country' | 'city' | 'companyId' | 'ownerId' | 'leadStatus' | 'customerStatus'
  >
> & { properties?: Record<string, unknown> };

export type LifecycleInput =
  | { kind: 'event'; event: ContactEvent }
  /** `company` replaces the contact's company (enrichment, a new association); absent keeps it. */
  | { kind: 'properties'; at: string; changes: ContactChanges; company?: Company | null };

const inputTime = (input: LifecycleInput): string => (input.kind === 'event' ? input.event.occurredAt : input.at);

const withInput = (view: ContactView, input: LifecycleInput): ContactView => {
  if (input.kind === 'event') {
    // Events are idempotent by id: a redelivered event is not counted twice.
    const known = view.events.some((event) => event.id === input.event.id);
    return known ? view : { ...view, events: [...view.events, input.event] };
  }
  // Re-evaluation and placement step with no change at all.
  if (input.company === undefined && Object.keys(input.changes).length === 0) return view;
  const { properties, ...fields } = input.changes;
  const contact: Contact = {
    ...view.contact,
    ...fields,
    properties: properties === undefined ? view.contact.properties : { ...view.contact.properties, ...properties },
  };
  return { ...view, contact, company: input.company === undefined ? view.company : input.company };
};

const qualifyingView = (view: ContactView, qualifyingFrom: string | null): ContactView => {
  if (qualifyingFrom === null) return view;
  const from = Date.parse(qualifyingFrom);
  return { ...view, events: view.events.filter((event) => Date.parse(event.occurredAt) > from) };
};

const causeOf = (input: LifecycleInput): TransitionCause =>
  input.kind === 'event' ? { kind: 'event', eventId: input.event.id } : { kind: 'property_change' };

/**
 * `scores`, when given, are the primary model's scores at `now` computed elsewhere from the same rules (bulk
 * rescoring computes them in SQL); the step then needs only the events its stage criteria name.
 */
export const apply = (
  state: LifecycleState,
  input: LifecycleInput,
  config: LifecycleConfig,
  now: Date = new Date(inputTime(input)),
  scores?: ScoreTotals,
): StepResult => {
  const view = withInput(state.view, input);
  const model = primaryModel(config.scoring);
  const knownFit = scores === undefined ? (carriedFit(state, input.kind === 'event', model) ?? rememberedFit(model, view, now)) : undefined;
  const score: ScoreTotals = scores ?? computeScoreTotals(view, config.scoring, now, state.engagementSummary, knownFit);
  // What the next event step may take: this fit, for the contact object the state now holds (not a fit given in bulk).
  const fitFor = (contact: Contact): Pick<LifecycleState, 'fit'> => (scores === undefined ? fitToCarry(model, contact, view.company, score.fit) : {});
  const scored: ContactView = { ...view, contact: { ...view.contact, fitScore: score.fit, engagementScore: score.engagement } };
  const rescored = scoreChanges(state.view.contact, scored.contact);
  const decision = decideAutomaticMove(qualifyingView(scored, state.qualifyingFrom), config, now);
  const scoredEffect: LifecycleEffect = { type: 'scored', score };

  if (decision.kind !== 'enter') {
    const blocked: LifecycleEffect[] =
      decision.kind === 'blocked'
        ? [{ type: 'entry_blocked', stage: decision.target.id, missingFields: decision.missingFields }]
        : [];
    return {
      state: { ...state, view: scored, ...fitFor(scored.contact) },
      effects: [scoredEffect, ...contactUpdated(rescored), ...blocked],
    };
  }
  const entered = enterStage(
    scored.contact,
    { target: decision.target, at: now.toISOString(), cause: causeOf(input), reason: null },
    config,
  );
  return {
    state: { ...state, view: { ...scored, contact: entered.contact }, ...fitFor(entered.contact) },
    effects: [scoredEffect, ...entered.effects, ...contactUpdated({ ...rescored, ...entered.changes })],
  };
};

// Moves made by people: a manual stage change and the recycle from sales back to marketing.
// Both refuse with a reason the caller can show; the caller writes the audit log for accepted moves.
//
// Manual moves: forward is open to anyone (skipped stages are recorded as for automatic moves);
// backward is for admins with a reason; moving a contact off the path (to `other`) or back onto it
// needs a reason. Required fields of the target and the skipped stages are enforced.
//
// Recycle: only from an on-path stage after the recycle target and before the customer milestone (a
// customer is not a lead that wasn't ready), with a reason from the configured list. The contact moves
// to the target, takes the recycle lead status, keeps the configured fraction of its engagement, and
// from then on only new events count toward entry criteria. Required fields are not checked: the
// contact already passed the target on its way up.

import type { ContactView } from '../filter/filter.ts';
import { recycleEngagement } from '../scoring/recycle-reset.ts';
import { computeScoreTotals } from '../scoring/score.ts';
import { enterStage, fieldsRequiredToEnter } from './enter-stage.ts';
import type { LifecycleConfig } from './lifecycle-config.ts';
import { contactUpdated, scoreChanges } from './lifecycle-state.ts';
import type { LifecycleEffect, LifecycleState } from './lifecycle-state.ts';
import { findStage, isRecyclableStage, pathIndex } from './path.ts';
import { missingFields } from './required-fields.ts';
import type { Actor } from './transition.ts';

export type RefusalCode =
  | 'unknown_stage'
  | 'already_in_stage'
  | 'backward_requires_admin'
  | 'reason_required'
  | 'unknown_reason'
  | 'missing_fields'
  | 'not_recyclable';

export type MoveRefusal = { code: RefusalCode; detail: string; missingFields?: string[] };

export type MoveOutcome =
  | { ok: true; state: LifecycleState; effects: LifecycleEffect[] }
  | { ok: false; refusal: MoveRefusal };

export type ManualMove = { stage: string; reason: string | null; actor: Actor };

export type RecycleRequest = { reason: string; actor?: Actor };

const ADMIN_ROLE = 'admin';

const refuse = (code: RefusalCode, detail: string, missing?: string[]): MoveOutcome => ({
  ok: false,
  refusal: missing === undefined ? { code, detail } : { code, detail, missingFields: missing },
});

const hasText = (value: string | null | undefined): value is string => value !== null && value !== undefined && value.trim() !== '';

export const moveContact = (state: LifecycleState, move: ManualMove, config: LifecycleConfig, now: Date): MoveOutcome => {
  const target = findStage(config, move.stage);
  if (target === null) return refuse('unknown_stage', `no stage "${move.stage}" in the lifecycle configuration`);
  const { contact } = state.view;
  const current = contact.lifecycleStage;
  if (current === target.id) return refuse('already_in_stage', `the contact is already in ${target.label}`);
  const fromIndex = pathIndex(config, current);
  const toIndex = pathIndex(config, target.id);
  const backward = fromIndex >= 0 && toIndex >= 0 && toIndex < fromIndex;
  const acrossPathEdge = current !== null && (fromIndex < 0 || toIndex < 0);
  if (backward && move.actor.role !== ADMIN_ROLE) {
    return refuse('backward_requires_admin', `only an admin may move a contact back to ${target.label}; sales may recycle it`);
  }
  if ((backward || acrossPathEdge) && !hasText(move.reason)) {
    return refuse('reason_required', `moving a contact ${backward ? 'backward' : 'on or off the path'} needs a reason`);
  }
  const missing = missingFields(state.view, fieldsRequiredToEnter(config, current, target));
  if (missing.length > 0) {
    return refuse('missing_fields', `${target.label} requires ${missing.join(', ')}`, missing);
  }
  const at = now.toISOString();
  const entered = enterStage(
    contact,
    { target, at, cause: { kind: 'manual', actor: move.actor }, reason: hasText(move.reason) ? move.reason : null },
    config,
  );
  return {
    ok: true,
    state: {
      view: { ...state.view, contact: entered.contact },
      qualifyingFrom: backward ? at : state.qualifyingFrom,
    },
    effects: [...entered.effects, ...contactUpdated(entered.changes)],
  };
};

export const recycleContact = (
  state: LifecycleState,
  request: RecycleRequest,
  config: LifecycleConfig,
  now: Date,
): MoveOutcome => {
  const { recycle } = config;
  if (!hasText(request.reason)) return refuse('reason_required', `recycling needs a reason: ${recycle.reasons.join(', ')}`);
  if (!recycle.reasons.includes(request.reason)) {
    return refuse('unknown_reason', `"${request.reason}" is not a recycle reason; use one of ${recycle.reasons.join(', ')}`);
  }
  const target = findStage(config, recycle.targetStage);
  if (target === null) return refuse('unknown_stage', `the recycle target "${recycle.targetStage}" is not a stage`);
  const current = state.view.contact.lifecycleStage;
  if (!isRecyclableStage(config, current)) {
    return refuse(
      'not_recyclable',
      `only a contact past ${target.label} and not yet a customer can be recycled (stage: ${current ?? 'none'})`,
    );
  }
  const reset = recycleEngagement(state.view, config.scoring, recycle.engagementResetFraction, now);
  const view: ContactView = { ...state.view, contact: reset };
  const at = now.toISOString();
  const entered = enterStage(
    reset,
    { target, at, cause: { kind: 'recycle', actor: request.actor ?? null }, reason: request.reason, leadStatus: recycle.leadStatus },
    config,
  );
  return {
    ok: true,
    state: { view: { ...view, contact: entered.contact }, qualifyingFrom: at },
    effects: [
      { type: 'scored', score: computeScoreTotals(view, config.scoring, now) },
      ...entered.effects,
      ...contactUpdated({ properties: reset.properties, ...scoreChanges(state.view.contact, reset), ...entered.changes }),
    ],
  };
};

import { apply, type LifecycleInput } from '../domain/lifecycle/apply.ts';
import type { Contact } from '../domain/contact.ts';
import { configEventTypes, criteriaEventTypes } from '../domain/lifecycle/config-event-types.ts';
import { primaryModel, type ScoreTotals } from '../domain/scoring/score.ts';
import type { LifecycleEffect } from '../domain/lifecycle/lifecycle-state.ts';
import { moveContact, recycleContact, type MoveOutcome } from '../domain/lifecycle/manual-move.ts';
import { stageTimes } from '../domain/lifecycle/stage-times.ts';
import { readInstant } from '../domain/filter/values.ts';
import { changedFields, writeAudit } from '../store/audit.ts';
import type { Queryable } from '../store/database.ts';
import { AppError, notFound } from './app-error.ts';
import { type ForwardMover, rollUpCompanies, rollUpForwardMovers } from './company-rollup-service.ts';
import type { RequestContext } from './context.ts';
import type { EventContactUpdates } from './contact-updates.ts';
import { writeLifecycleEffects } from './lifecycle-effects.ts';
import { loadLifecycleStates, loadTransitionRows, type LockedContacts, summariesToKeep, transitionFromRow } from './lifecycle-states.ts';
import { currentConfig, type VersionedConfig } from './workspace-config.ts';

export type ContactInput = { contactId: string; input: LifecycleInput };

/**
 * An input's own time, but never before the contact entered its current stage: a late-arriving event
 * (a backfill, a retried batch) still moves the contact, and its history stays in order.
 */
const stepTime = (input: LifecycleInput, stageEnteredAt: string | null): Date => {
  const at = instantMs(input.kind === 'event' ? input.event.occurredAt : input.at);
  return new Date(stageEnteredAt ? Math.max(at, instantMs(stageEnteredAt)) : at);
};

/** An input's time as the step's scores and criteria read event times (readInstant), NaN for none. */
const instantMs = (text: string): number => readInstant('instant', text) ?? Number.NaN;

const earliestInput = (inputs: readonly ContactInput[]): Date => {
  let earliest = Infinity;
  for (const { input } of inputs) earliest = Math.min(earliest, instantMs(input.kind === 'event' ? input.event.occurredAt : input.at));
  return new Date(earliest);
};

type StepOptions = {
  now?: Date;
  /**
   * Each contact's primary scores at `now`, computed in bulk (re-evaluation: one input per contact). The
   * states then hold only the events stage criteria name.
   */
  scores?: ReadonlyMap<string, ScoreTotals>;
  /** The configuration to step under, when the caller already holds it (a bulk pass reads it once). */
  versioned?: VersionedConfig;
  /**
   * What the events being stepped gave about their contacts: the fields hold for the step, and the fields
   * and sources are written with the lifecycle changes, in one update of the contacts.
   */
  eventUpdates?: EventContactUpdates;
  /** The caller already holds the step's lock on these contacts (lockContactsForStep), or they are its own new ones. */
  locked?: boolean;
  /**
   * The event inputs are events the caller's transaction wrote (inserted, or joined to their contacts): they are not
   * read back, as each joins its contact's state when it is stepped.
   */
  inputsWritten?: boolean;
  /**
   * Contacts the caller's transaction creates, as they start (not yet written), with `inputsWritten`: every event they
   * have is among the inputs. The step inserts each as it leaves it, once, with the other contacts' updates.
   */
  created?: ReadonlyMap<string, Contact>;
  /** The rows `lockContactsForStep` locked (with `locked`): not read again. */
  lockedRows?: LockedContacts;
};

/** What a step of many contacts did: each contact's effects, and where the contacts that moved now stand. */
export type StepOutcome = { effects: Map<string, LifecycleEffect[]>; movers: ForwardMover[]; moved: string[] };

/**
 * The lifecycle step of a batch of inputs (events or property changes), in order, with the effects written
 * set-based in the caller's transaction, but companies not rolled up: processContactInputs, or a caller that steps
 * its contacts in parts and rolls their companies up once (rollUpForwardMovers with the movers of every part).
 */
export const stepContacts = async (q: Queryable, workspaceId: string, inputs: readonly ContactInput[], options: StepOptions = {}): Promise<StepOutcome> => {
  const versioned = options.versioned ?? (await currentConfig(q, workspaceId));
  const { config } = versioned;
  const ids = [...inputs.map((i) => i.contactId), ...(options.created?.keys() ?? [])];
  const states = await loadLifecycleStates(q, workspaceId, ids, config, {
    eventTypes: options.scores ? criteriaEventTypes(config) : configEventTypes(config),
    forStep: !options.locked,
    // No step is earlier than its input (stepTime): the contacts' older stored events can be taken summed.
    ...(inputs.length > 0 ? { summarizeBefore: options.now ?? earliestInput(inputs) } : {}),
    ...(options.created ? { created: options.created } : {}),
    ...(options.inputsWritten ? { unread: inputs.flatMap(({ input }) => (input.kind === 'event' ? [input.event.id] : [])) } : {}),
    ...(options.lockedRows ? { locked: options.lockedRows } : {}),
  });
  // Kept on the contacts, so their next step reads only their events from after it (a step never changes a summary).
  const summaries = summariesToKeep(states, primaryModel(config.scoring));
  for (const [id, fields] of options.eventUpdates?.fields ?? []) {
    const state = states.get(id);
    if (state) states.set(id, { ...state, view: { ...state.view, contact: { ...state.view.contact, ...fields } } });
  }
  const effects = new Map<string, LifecycleEffect[]>();
  for (const { contactId, input } of inputs) {
    const state = states.get(contactId);
    if (!state) continue;
    const scores = options.scores?.get(contactId);
    // Merged away since it was picked: the survivor is re-evaluated on its own.
    if (options.scores && !scores) continue;
    const result = apply(state, input, config, options.now ?? stepTime(input, state.view.contact.stageEnteredAt), scores);
    states.set(contactId, result.state);
    const list = effects.get(contactId);
    if (list) list.push(...result.effects);
    else effects.set(contactId, [...result.effects]);
  }
  const created = options.created && new Map([...options.created.keys()].map((id) => [id, states.get(id)!.view.contact]));
  const moved = await writeLifecycleEffects(q, workspaceId, effects, versioned, {
    ...(options.eventUpdates ? { events: options.eventUpdates } : {}),
    summaries,
    ...(created ? { created } : {}),
  });
  const movers = moved.map((id) => {
    const { companyId, lifecycleStage, customerStatus } = states.get(id)!.view.contact;
    return { companyId, lifecycleStage, customerStatus };
  });
  return { effects, movers, moved };
};

/**
 * Runs the lifecycle step for a batch of inputs (events or property changes), in order, and writes the
 * effects set-based in the caller's transaction: live ingestion, record edits and bulk re-evaluation all
 * come through here. Returns each contact's effects (e.g. an `entry_blocked` for missing fields).
 */
export const processContactInputs = async (
  q: Queryable,
  workspaceId: string,
  inputs: readonly ContactInput[],
  options: StepOptions & {
    /**
     * The inputs are events or re-evaluation (no field changes), so every move is an automatic one, forward
     * only: companies roll up from their stored roll-up and the contacts that moved.
     */
    automaticOnly?: boolean;
  } = {},
): Promise<Map<string, LifecycleEffect[]>> => {
  const versioned = options.versioned ?? (await currentConfig(q, workspaceId));
  const { effects, movers, moved } = await stepContacts(q, workspaceId, inputs, { ...options, versioned });
  if (options.automaticOnly && inputs.every(({ input }) => input.kind === 'event' || Object.keys(input.changes).length === 0)) {
    await rollUpForwardMovers(q, workspaceId, versioned.config, movers);
  } else await rollUpCompanies(q, workspaceId, versioned.config, { contactIds: moved });
  return effects;
};

const refusal = (outcome: Extract<MoveOutcome, { ok: false }>): AppError => {
  const { code, detail, missingFields } = outcome.refusal;
  if (code === 'backward_requires_admin') return new AppError('forbidden', detail, [], { code });
  const fields = (missingFields ?? []).map((field) => ({ field, message: 'is required to enter this stage' }));
  return new AppError(code === 'already_in_stage' ? 'conflict' : 'invalid', detail, fields.length ? fields : [{ field: code === 'unknown_stage' ? 'stage' : 'reason', message: detail }], {
    code,
    ...(missingFields ? { missingFields } : {}),
  });
};

export type LifecycleRequest = { stage: string; reason: string | null } | { recycle: true; reason: string };

/** A person moves or recycles a contact: enforced by the domain rules, audited with the reason. */
export const changeLifecycle = async (ctx: RequestContext, contactId: string, request: LifecycleRequest): Promise<void> =>
  ctx.db.transaction(async (tx) => {
    const versioned = await currentConfig(tx, ctx.workspaceId);
    const { config } = versioned;
    const state = (await loadLifecycleStates(tx, ctx.workspaceId, [contactId], config, { forStep: true })).get(contactId);
    if (!state || state.view.contact.mergedInto) throw notFound(`contact ${contactId}`);
    const actor = { role: ctx.actor.role, ...(ctx.actor.id ? { id: ctx.actor.id } : {}) };
    const now = stepTime({ kind: 'properties', at: new Date().toISOString(), changes: {} }, state.view.contact.stageEnteredAt);
    const outcome =
      'recycle' in request
        ? recycleContact(state, { reason: request.reason, actor }, config, now)
        : moveContact(state, { stage: request.stage, reason: request.reason, actor }, config, now);
    if (!outcome.ok) throw refusal(outcome);
    const moved = await writeLifecycleEffects(tx, ctx.workspaceId, new Map([[contactId, outcome.effects]]), versioned);
    await rollUpCompanies(tx, ctx.workspaceId, config, { contactIds: moved });
    const before = state.view.contact;
    const after = outcome.state.view.contact;
    await writeAudit(tx, ctx.workspaceId, ctx.actor, {
      action: 'recycle' in request ? 'contact.recycle' : 'contact.lifecycle_move',
      objectType: 'contact',
      objectId: contactId,
      changes: changedFields(
        { lifecycleStage: before.lifecycleStage, leadStatus: before.leadStatus, engagementScore: before.engagementScore },
        { lifecycleStage: after.lifecycleStage, leadStatus: after.leadStatus, engagementScore: after.engagementScore },
      ),
      reason: request.reason,
    });
  });

const causeJson = (row: { cause_type: string; cause_event_id: string | null; cause_user_id: string | null }) => ({
  type: row.cause_type,
  eventId: row.cause_event_id,
  actorId: row.cause_user_id,
});

/** The contact's current stage and status, its full history, and the times computed from it. */
export const getLifecycle = async (ctx: RequestContext, contactId: string) => {
  const [contact] = await ctx.db.query<{ lifecycle_stage: string | null; lead_status: string | null; stage_entered_at: Date | null; merged_into: string | null }>(
    'SELECT lifecycle_stage, lead_status, stage_entered_at, merged_into FROM contacts WHERE workspace_id = $1 AND id = $2',
    [ctx.workspaceId, contactId],
  );
  if (!contact || contact.merged_into) throw notFound(`contact ${contactId}`);
  const rows = await loadTransitionRows(ctx.db, ctx.workspaceId, [contactId]);
  const transitions = rows.map((row) => ({ ...transitionFromRow(row), cause: causeJson(row), configVersion: row.config_version }));
  return {
    stage: contact.lifecycle_stage,
    status: contact.lead_status,
    stageEnteredAt: contact.stage_entered_at ? new Date(contact.stage_entered_at).toISOString() : null,
    transitions,
    stageTimes: stageTimes(transitions, new Date()),
  };
};

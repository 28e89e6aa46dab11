import type { LifecycleConfig } from '../domain/lifecycle/lifecycle-config.ts';
import type { ContactLifecycleChanges, LifecycleEffect } from '../domain/lifecycle/lifecycle-state.ts';
import type { Transition } from '../domain/lifecycle/transition.ts';
import type { Queryable } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { type ContactWrites, writeContactUpdates } from './contact-updates.ts';

export type PendingTransition = Transition & { contactId: string };

const causeColumns = (t: Transition) => {
  const { cause } = t;
  return {
    cause_type: cause.kind,
    cause_event_id: cause.kind === 'event' ? cause.eventId : null,
    cause_user_id: (cause.kind === 'manual' || cause.kind === 'recycle') && cause.actor?.id ? cause.actor.id : null,
  };
};

/** A score point to record: the scores a step computed, when they changed the contact's. */
export type ScorePoint = { contact_id: string; at: string; fit: number; engagement: number; grade: string };

/** The rows many contacts' lifecycle effects come to, folded per contact. */
export type FoldedEffects = {
  /** Open stage rows of stored history to close. */
  exits: { contact_id: string; stage: string; exited_at: string }[];
  transitions: PendingTransition[];
  updates: { id: string; changes: ContactLifecycleChanges }[];
  scores: ScorePoint[];
  /** Contacts whose stage or customer status changed (their companies need a roll-up). */
  moved: string[];
};

/**
 * Folds each contact's effects into rows to write: a stage entered and left within the same batch is written
 * closed, the contact's changes are merged into one update, and only the last score point is kept.
 */
export const foldLifecycleEffects = (effectsByContact: ReadonlyMap<string, readonly LifecycleEffect[]>): FoldedEffects => {
  const folded: FoldedEffects = { exits: [], transitions: [], updates: [], scores: [], moved: [] };
  // Score points are stamped with the time they are written, one instant for the whole batch.
  const scoredAt = new Date().toISOString();
  for (const [contactId, effects] of effectsByContact) {
    const pending: PendingTransition[] = [];
    let changes: ContactLifecycleChanges = {};
    let lastScore: { fit: number; engagement: number; grade: string; at: string } | null = null;
    for (const effect of effects) {
      if (effect.type === 'stage_exited') {
        const open = pending.findLast((t) => t.to === effect.stage && t.exitedAt === null);
        if (open) open.exitedAt = effect.exitedAt;
        else folded.exits.push({ contact_id: contactId, stage: effect.stage, exited_at: effect.exitedAt });
      } else if (effect.type === 'transition') {
        pending.push({ ...effect.transition, contactId });
      } else if (effect.type === 'contact_updated') {
        changes = { ...changes, ...effect.changes };
      } else if (effect.type === 'scored') {
        lastScore = { fit: effect.score.fit, engagement: effect.score.engagement, grade: effect.score.grade, at: scoredAt };
      }
    }
    folded.transitions.push(...pending);
    if (Object.keys(changes).length > 0) folded.updates.push({ id: contactId, changes });
    if (lastScore && (changes.fitScore !== undefined || changes.engagementScore !== undefined)) {
      folded.scores.push({ contact_id: contactId, ...lastScore });
    }
    if (changes.lifecycleStage !== undefined || changes.customerStatus !== undefined) folded.moved.push(contactId);
  }
  return folded;
};

/** The stage history rows of `transitions`, each with its new id, as the history insert's record set holds them. */
export const transitionRecords = (transitions: readonly PendingTransition[]) =>
  transitions.map((t) => ({
    id: newId(),
    contact_id: t.contactId,
    from_stage: t.from,
    to_stage: t.to,
    entered_at: t.enteredAt,
    exited_at: t.exitedAt,
    ...causeColumns(t),
    skipped: t.skipped,
    reason: t.reason,
  }));

/**
 * The insert of the stage history rows given as a JSON array of `transitionRecords` in parameter `rows`, in
 * workspace $1 under the configuration version in parameter `version`; `where` filters the record set `x`.
 */
export const transitionsInsertSql = (rows: string, version: string, where = ''): string =>
  `INSERT INTO stage_transitions (workspace_id, id, contact_id, from_stage, to_stage, entered_at, exited_at, cause_type, cause_event_id, cause_user_id, skipped, reason, config_version)
     SELECT $1, x.id, x.contact_id, x.from_stage, x.to_stage, x.entered_at, x.exited_at, x.cause_type, x.cause_event_id, x.cause_user_id, x.skipped, x.reason, ${version}
       FROM json_to_recordset(${rows}::json) AS x(id uuid, contact_id uuid, from_stage text, to_stage text, entered_at timestamptz, exited_at timestamptz,
            cause_type text, cause_event_id uuid, cause_user_id uuid, skipped boolean, reason text) ${where}`;

/** Appends stage history rows, each recording the configuration version it ran under. */
export const insertTransitions = async (q: Queryable, workspaceId: string, transitions: readonly PendingTransition[], configVersion: number): Promise<void> => {
  if (transitions.length === 0) return;
  await q.query(transitionsInsertSql('$2', '$3'), [workspaceId, JSON.stringify(transitionRecords(transitions)), configVersion]);
};

/** Score points with their new ids, as the score history insert's record set holds them. */
export const scorePointRecords = (points: readonly ScorePoint[]) => points.map((s) => ({ ...s, id: newId() }));

/**
 * The insert of the score history points given as a JSON array of `scorePointRecords` in parameter `rows`, in
 * workspace $1 for the score model in parameter `model`; `where` filters the record set `x`.
 */
export const scorePointsInsertSql = (rows: string, model: string, where = ''): string =>
  `INSERT INTO score_history (workspace_id, id, contact_id, at, model, fit, engagement, grade)
     SELECT $1, x.id, x.contact_id, x.at, ${model}, x.fit, x.engagement, x.grade
       FROM json_to_recordset(${rows}::json) AS x(id uuid, contact_id uuid, at timestamptz, fit float8, engagement float8, grade text) ${where}`;

/** Appends score history points of the primary model. */
export const insertScorePoints = async (q: Queryable, workspaceId: string, points: readonly ScorePoint[], model: string): Promise<void> => {
  if (points.length === 0) return;
  await q.query(scorePointsInsertSql('$2', '$3'), [workspaceId, JSON.stringify(scorePointRecords(points)), model]);
};

/**
 * Writes the effects of many contacts' lifecycle steps with a handful of set-based statements; what a batch of
 * events gave about the same contacts, and the engagement summaries the steps summed, go into the same contacts update.
 * Returns the contacts whose stage or customer status changed (their companies need a roll-up).
 */
export const writeLifecycleEffects = async (
  q: Queryable,
  workspaceId: string,
  effectsByContact: ReadonlyMap<string, readonly LifecycleEffect[]>,
  versioned: { version: number; config: LifecycleConfig },
  writes: ContactWrites = {},
): Promise<string[]> => {
  const { exits, transitions, updates, scores, moved } = foldLifecycleEffects(effectsByContact);
  if (exits.length > 0) {
    await q.query(
      `UPDATE stage_transitions t SET exited_at = x.exited_at
         FROM json_to_recordset($2::json) AS x(contact_id uuid, stage text, exited_at timestamptz)
        WHERE t.workspace_id = $1 AND t.contact_id = x.contact_id AND t.to_stage = x.stage AND t.exited_at IS NULL`,
      [workspaceId, JSON.stringify(exits)],
    );
  }
  await insertTransitions(q, workspaceId, transitions, versioned.version);
  await writeContactUpdates(q, workspaceId, updates, writes);
  await insertScorePoints(q, workspaceId, scores, versioned.config.scoring.primary);
  return moved;
};

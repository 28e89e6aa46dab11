import type { LabeledSample } from '../../domain/predictive/predictive-model.ts';
import { labelReachedStage } from '../../domain/predictive/label.ts';
import type { Queryable } from '../../store/database.ts';
import { isoInstant, loadPredictiveViews } from './predictive-views.ts';

const DAY_MS = 86_400_000;

export type SampleWindow = {
  targetStage: string;
  /** The label: the contact reached the target stage within this many days after `asOf`. */
  withinDays: number;
  /** `asOf` = creation + this many days: the features see the contact's first days, nothing later. */
  horizonDays: number;
};

export type WorkspaceSamples = {
  samples: LabeledSample[];
  /** Contacts whose label window has not closed yet: their outcome is unknown, so they teach nothing. */
  tooRecent: number;
  /** Contacts already in the target stage at `asOf`: there was nothing left to predict. */
  alreadyReached: number;
};

const BATCH = 5_000;

/**
 * Training samples from the workspace's own history. Each contact is seen as of `asOf` (creation plus the
 * horizon): its events before then, and a label from the stage history after then, so no feature can
 * carry the outcome it predicts.
 */
export const workspaceSamples = async (q: Queryable, workspaceId: string, window: SampleWindow, now: Date): Promise<WorkspaceSamples> => {
  const asOfOf = (createdAt: string) => new Date(Date.parse(createdAt) + window.horizonDays * DAY_MS).toISOString();
  const result: WorkspaceSamples = { samples: [], tooRecent: 0, alreadyReached: 0 };
  const closedBefore = new Date(now.getTime() - (window.horizonDays + window.withinDays) * DAY_MS).toISOString();
  const [counts] = await q.query<{ recent: number }>(
    'SELECT count(*)::int AS recent FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL AND created_at > $2',
    [workspaceId, closedBefore],
  );
  result.tooRecent = counts?.recent ?? 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = (
      await q.query<{ id: string }>(
        `SELECT id FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL AND created_at <= $2 AND id > $3 ORDER BY id LIMIT ${BATCH}`,
        [workspaceId, closedBefore, after],
      )
    ).map((row) => row.id);
    if (ids.length === 0) return result;
    after = ids.at(-1)!;
    const views = await loadPredictiveViews(q, workspaceId, ids, (contact) => asOfOf(contact.createdAt));
    const entries = await q.query<{ contact_id: string; entered_at: unknown }>(
      'SELECT contact_id, entered_at FROM stage_transitions WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) AND to_stage = $3',
      [workspaceId, ids, window.targetStage],
    );
    const reached = new Map<string, { to: string; enteredAt: string }[]>();
    for (const row of entries) {
      const list = reached.get(row.contact_id) ?? [];
      list.push({ to: window.targetStage, enteredAt: isoInstant(row.entered_at) });
      reached.set(row.contact_id, list);
    }
    for (const view of views.values()) {
      const transitions = reached.get(view.contact.id) ?? [];
      const { createdAt } = view.contact;
      if (labelReachedStage(transitions, window.targetStage, createdAt, window.horizonDays)) {
        result.alreadyReached += 1;
        continue;
      }
      const label = labelReachedStage(transitions, window.targetStage, createdAt, window.horizonDays + window.withinDays);
      result.samples.push({ ...view, asOf: asOfOf(createdAt), label });
    }
  }
};

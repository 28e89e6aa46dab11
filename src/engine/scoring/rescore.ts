import type { Database } from '../../store/database.ts';
import { type ReevaluateOptions, reevaluateWorkspace, type ReevaluateResult } from '../reevaluate.ts';

export type RescoreOptions = { onProgress?: (done: number, total: number) => void; onPhase?: ReevaluateOptions['onPhase'] };

/**
 * Recomputes every contact's scores with the current rules through the lifecycle step (so a contact whose
 * new scores meet a later stage moves, as at event time), reporting progress against the contact count.
 */
export const rescoreWorkspace = async (db: Database, workspaceId: string, options: RescoreOptions = {}): Promise<ReevaluateResult> => {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL', [workspaceId]);
  const total = row?.n ?? 0;
  return reevaluateWorkspace(db, workspaceId, {
    rescore: true,
    onProgress: (done) => options.onProgress?.(done, total),
    ...(options.onPhase ? { onPhase: options.onPhase } : {}),
  });
};

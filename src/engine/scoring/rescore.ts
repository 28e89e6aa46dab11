import type { Database } from '../../store/database.ts';
import { reevaluateWorkspace, type ReevaluateResult } from '../reevaluate.ts';

export type RescoreOptions = { onProgress?: (done: number, total: number) => void };

// Measured on 20k generated contacts (2 cores, PostgreSQL on the same machine): 2 batches in flight take
// about half the time of 1, since the database works on one while the step computes the next; 4 gain nothing more.
const POSTGRES_CONCURRENCY = 2;

/**
 * Recomputes every contact's scores with the current rules through the lifecycle step (so a contact whose
 * new scores meet a later stage moves, as at event time), reporting progress against the contact count.
 */
export const rescoreWorkspace = async (db: Database, workspaceId: string, options: RescoreOptions = {}): Promise<ReevaluateResult> => {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL', [workspaceId]);
  const total = row?.n ?? 0;
  return reevaluateWorkspace(db, workspaceId, {
    rescore: true,
    concurrency: db.kind === 'postgres' ? POSTGRES_CONCURRENCY : 1,
    onProgress: (done) => options.onProgress?.(done, total),
  });
};

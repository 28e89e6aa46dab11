// What each job does. Handlers are plain functions of the database and the job's data, so the worker, the
// in-process runner of `leadcycle start` and the tests run the same code.

import type { Database } from '../../store/database.ts';
import { enqueueJob, type JobData, type JobName, type JobResults } from '../../store/job-queue.ts';
import { refreshAttribution, workspacesToRefresh } from '../ingest/attribution-credits.ts';
import { reevaluateWorkspace } from '../reevaluate.ts';
import { rescoreWorkspace } from '../scoring/rescore.ts';

/**
 * Workspaces with a contact whose stored engagement is not zero. Engagement decays with time and its windows
 * close, so those stored scores are stale by a day each day; a workspace whose engagement is all zero has
 * nothing to decay.
 */
export const workspacesToDecay = async (db: Database): Promise<string[]> =>
  (
    await db.query<{ id: string }>(
      `SELECT w.id FROM workspaces w
        WHERE EXISTS (SELECT 1 FROM contacts c WHERE c.workspace_id = w.id AND c.merged_into IS NULL AND c.engagement_score <> 0)
        ORDER BY w.id`,
    )
  ).map((row) => row.id);

/** A job may outlive its workspace; it then fails with that reason rather than with a constraint's. */
const existingWorkspace = async (db: Database, workspaceId: string): Promise<string> => {
  const [row] = await db.query<{ id: string }>('SELECT id FROM workspaces WHERE id = $1', [workspaceId]);
  if (!row) throw new Error(`workspace ${workspaceId} does not exist`);
  return row.id;
};

/** A sweep: queues one job a workspace for the workspaces it finds. */
const sweep = async (workspaces: readonly string[], queue: (workspaceId: string) => Promise<string>) => {
  for (const workspaceId of workspaces) await queue(workspaceId);
  return { queued: workspaces.length };
};

export type JobHandlers = { [N in JobName]: (db: Database, data: JobData[N]) => Promise<JobResults[N]> };

export const jobHandlers: JobHandlers = {
  rescore: async (db, data) => rescoreWorkspace(db, await existingWorkspace(db, data.workspaceId)),
  reevaluate: async (db, data) => reevaluateWorkspace(db, await existingWorkspace(db, data.workspaceId)),
  'decay-sweep': async (db) => sweep(await workspacesToDecay(db), (workspaceId) => enqueueJob(db, 'rescore', { workspaceId, reason: 'decay' })),
  'attribution-refresh': async (db, data) => refreshAttribution(db, await existingWorkspace(db, data.workspaceId)),
  'attribution-sweep': async (db) => sweep(await workspacesToRefresh(db), (workspaceId) => enqueueJob(db, 'attribution-refresh', { workspaceId })),
};

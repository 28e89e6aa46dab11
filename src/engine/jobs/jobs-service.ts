// The jobs a caller may ask for and follow: each is enqueued in the transaction that records who asked, and is
// visible only to its workspace.

import { writeAudit } from '../../store/audit.ts';
import { enqueueJob, findJob, type JobView } from '../../store/job-queue.ts';
import { notFound } from '../app-error.ts';
import type { RequestContext } from '../context.ts';

export const getJob = async (ctx: RequestContext, id: string): Promise<JobView> => {
  const job = await findJob(ctx.db, ctx.workspaceId, id);
  if (!job) throw notFound(`job ${id}`);
  return job;
};

/**
 * Queues a rescore of every contact in the workspace. While one is still waiting, asking again returns that one
 * rather than queueing a second.
 */
export const requestRescore = async (ctx: RequestContext): Promise<JobView> => {
  const id = await ctx.db.transaction(async (tx) => {
    const jobId = await enqueueJob(tx, 'rescore', { workspaceId: ctx.workspaceId, reason: 'requested' });
    await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: 'scoring.rescore', objectType: 'job', objectId: jobId, changes: {}, reason: null });
    return jobId;
  });
  return getJob(ctx, id);
};

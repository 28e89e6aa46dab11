import type { LifecycleConfig } from '../domain/lifecycle/lifecycle-config.ts';
import { parseConfig } from '../config/load-config.ts';
import { enqueueJob, type JobView } from '../store/job-queue.ts';
import { AppError } from './app-error.ts';
import type { RequestContext } from './context.ts';
import { getJob } from './jobs/jobs-service.ts';
import { reevaluateWorkspace, type ReevaluateResult } from './reevaluate.ts';
import { saveConfig } from './workspace-config.ts';

export type ConfigChange = { version: number; changed: boolean; reevaluation: ReevaluateResult | null };

export type QueuedConfigChange = { version: number; changed: boolean; reevaluation: JobView | null };

const validConfig = (input: unknown): LifecycleConfig => {
  const parsed = parseConfig(input);
  if (parsed.ok) return parsed.config;
  throw new AppError(
    'invalid',
    parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    parsed.errors.map((e) => ({ field: e.path, message: e.message })),
  );
};

/**
 * Validates and stores a new lifecycle configuration, then re-evaluates the workspace under it before returning:
 * contacts that now meet a later stage move forward; when score rules changed, every contact is rescored first.
 * For `leadcycle start --config`, which applies it before serving.
 */
export const changeConfig = async (ctx: RequestContext, input: unknown): Promise<ConfigChange> => {
  const config = validConfig(input);
  const saved = await ctx.db.transaction((tx) => saveConfig(ctx, tx, config));
  if (!saved.changed) return { version: saved.version, changed: false, reevaluation: null };
  // Rescored when the score rules differ from those last applied (see reevaluateWorkspace).
  return { version: saved.version, changed: true, reevaluation: await reevaluateWorkspace(ctx.db, ctx.workspaceId) };
};

/**
 * Validates and stores a new lifecycle configuration, and queues its re-evaluation in the same transaction: the
 * job exists exactly when the version does, and a worker carries it out (minutes, on a large workspace). While one
 * still waits, a further change joins it: a re-evaluation applies the configuration current when it runs.
 */
export const changeConfigQueued = async (ctx: RequestContext, input: unknown): Promise<QueuedConfigChange> => {
  const config = validConfig(input);
  const saved = await ctx.db.transaction(async (tx) => {
    const stored = await saveConfig(ctx, tx, config);
    return { ...stored, jobId: stored.changed ? await enqueueJob(tx, 'reevaluate', { workspaceId: ctx.workspaceId, reason: 'config' }) : null };
  });
  return { version: saved.version, changed: saved.changed, reevaluation: saved.jobId ? await getJob(ctx, saved.jobId) : null };
};

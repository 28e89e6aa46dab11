// The job queue's storage: pg-boss, whose tables live in their own schema of the same database, reached through
// the one Database seam so that it runs on embedded PGlite as on PostgreSQL, and so that a job is enqueued in the
// transaction of the change it follows.

import PgBoss from 'pg-boss';
import type { Database, Queryable } from './database.ts';
import { DEADLOCK, UNIQUE_VIOLATION } from './deadlock-retry.ts';
import { instantText } from './instant-text.ts';

export const JOB_SCHEMA = 'pgboss';

/** What each job carries. A job that works on one workspace names it, and only that workspace may see it. */
export type JobData = {
  /**
   * Recompute every contact's scores (decay included) through the lifecycle step: asked for, the daily decay, or a
   * custom property that score rules or criteria name was declared or removed.
   */
  rescore: { workspaceId: string; reason: 'requested' | 'decay' | 'property' };
  /** Move forward the contacts the current configuration lets through, rescoring them when score rules changed. */
  reevaluate: { workspaceId: string; reason: 'config' };
  /** Daily: queue a rescore for every workspace whose engagement scores have decayed since they were stored. */
  'decay-sweep': Record<string, never>;
  /** Recompute the stored attribution credits of the workspace's stale contacts. */
  'attribution-refresh': { workspaceId: string };
  /** Every minute: queue an attribution refresh for every workspace with stale contacts. */
  'attribution-sweep': Record<string, never>;
};

export type JobName = keyof JobData;

/** What each job returns when it completes, kept with the job. */
export type ReevaluationCounts = { examined: number; moved: number; rescored: number; configVersion: number };

export type JobResults = {
  rescore: ReevaluationCounts;
  reevaluate: ReevaluationCounts;
  'decay-sweep': { queued: number };
  'attribution-refresh': { contacts: number; conversions: number };
  'attribution-sweep': { queued: number };
};

const HOUR = 3600;

/**
 * The queues and how pg-boss keeps them. A rescore or re-evaluation is `stately` per workspace: one may wait while
 * one runs, and asking again while one waits returns the waiting one, which reads the configuration when it runs.
 * It may run for minutes on a large workspace, and a worker that dies with it leaves it to expire and be retried.
 */
export const JOB_QUEUES: Readonly<Record<JobName, PgBoss.Queue>> = {
  'rescore': { name: 'rescore', policy: 'stately', expireInSeconds: 4 * HOUR, retryLimit: 2, retryDelay: 60, retryBackoff: true },
  'reevaluate': { name: 'reevaluate', policy: 'stately', expireInSeconds: 4 * HOUR, retryLimit: 2, retryDelay: 60, retryBackoff: true },
  'decay-sweep': { name: 'decay-sweep', policy: 'singleton', expireInSeconds: HOUR, retryLimit: 2, retryDelay: 300 },
  'attribution-refresh': { name: 'attribution-refresh', policy: 'stately', expireInSeconds: 4 * HOUR, retryLimit: 2, retryDelay: 60, retryBackoff: true },
  'attribution-sweep': { name: 'attribution-sweep', policy: 'singleton', expireInSeconds: 600, retryLimit: 0 },
};

export const JOB_NAMES = Object.keys(JOB_QUEUES) as JobName[];

/**
 * pg-boss's statements through a Queryable. Its schema changes and maintenance come as one text of several
 * statements in their own BEGIN … COMMIT (pg-boss's `locked` plans), which only the seam's exec runs on PGlite;
 * every other statement is a single one, parameterized or not.
 */
export const bossDb = (q: Queryable): PgBoss.Db => ({
  executeSql: async (text, values) => {
    if (/^\s*BEGIN;/.test(text)) {
      await q.exec(text);
      return { rows: [] };
    }
    return { rows: await q.query(text, values ?? []) };
  },
});

export type BossOptions = Omit<PgBoss.ConstructorOptions, 'db' | 'schema'>;

/** A pg-boss instance on the database; nothing runs until it is started. */
export const openBoss = (db: Queryable, options: BossOptions = {}): PgBoss => new PgBoss({ ...options, db: bossDb(db), schema: JOB_SCHEMA });


/**
 * Creates the queue unless it exists. Two processes creating the same queue at once deadlock, or the second fails on
 * the first's row once that commits; either way it looks again, and a retry waits in the database for the other
 * creation to end, so this settles within a few attempts.
 */
const createMissingQueue = async (boss: PgBoss, queue: PgBoss.Queue, attempts = 4): Promise<void> => {
  for (let attempt = 1; ; attempt += 1) {
    if (await boss.getQueue(queue.name)) return;
    try {
      await boss.createQueue(queue.name, queue);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt === attempts || (code !== UNIQUE_VIOLATION && code !== DEADLOCK)) throw error;
    }
  }
};

/**
 * Creates pg-boss's schema, or brings it to the installed pg-boss's version, and creates the queues that are
 * missing. Part of `migrate`, so every database the product opens can take jobs.
 *
 * Processes starting at once (API processes, workers) race here. pg-boss serializes its installs with an advisory
 * lock, but the `CREATE SCHEMA IF NOT EXISTS` after that lock still reads the catalog as it was before the wait
 * (taking an advisory lock does not refresh it), so the process that waited fails on the schema the other one
 * created. That process starts over once, and then finds pg-boss installed; a queue the other one created first is
 * taken as it is.
 */
export const installJobSchema = async (db: Database, attempt = 1): Promise<void> => {
  const boss = openBoss(db, { supervise: false, schedule: false, migrate: true });
  boss.on('error', () => undefined);
  try {
    await boss.start();
  } catch (error) {
    if (attempt === 1 && (error as { code?: string }).code === UNIQUE_VIOLATION) return installJobSchema(db, attempt + 1);
    throw error;
  }
  try {
    for (const queue of Object.values(JOB_QUEUES)) await createMissingQueue(boss, queue);
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
};

export type JobState = PgBoss.JobWithMetadata['state'];

export type JobView = {
  id: string;
  name: JobName;
  state: JobState;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  retries: number;
  /** What a completed job returned. */
  result: JobResults[JobName] | null;
  /** Why a failed job failed, or why a job waiting for its retry failed last: its error's message. */
  error: string | null;
};

const viewOf = (job: PgBoss.JobWithMetadata<unknown>): JobView => {
  const output = (job.output ?? null) as JobResults[JobName] | { message?: unknown } | null;
  // A job waiting to be retried keeps its last failure's reason too.
  const failed = job.state === 'failed' || job.state === 'retry';
  return {
    id: job.id,
    name: job.name as JobName,
    state: job.state,
    createdAt: instantText(job.createdOn),
    startedAt: job.startedOn ? instantText(job.startedOn) : null,
    completedAt: job.completedOn ? instantText(job.completedOn) : null,
    retries: job.retryCount,
    result: job.state === 'completed' ? (output as JobResults[JobName]) : null,
    error: failed ? String((output && 'message' in output ? output.message : null) ?? 'failed') : null,
  };
};

/** Reads jobs without starting pg-boss: sending and reading only need its statements. */
const reader = (q: Queryable) => openBoss(q, { supervise: false, schedule: false, migrate: false });

/**
 * A job by id, among live and archived jobs, when it belongs to the workspace. pg-boss reads a job by queue and id:
 * its queue is looked up first (the id is unique across queues), rather than trying each queue in turn.
 */
export const findJob = async (db: Queryable, workspaceId: string, id: string): Promise<JobView | null> => {
  const [found] = await db.query<{ name: string }>(
    `SELECT name FROM ${JOB_SCHEMA}.job WHERE id = $1 UNION ALL SELECT name FROM ${JOB_SCHEMA}.archive WHERE id = $1 LIMIT 1`,
    [id],
  );
  if (!found) return null;
  const job = await reader(db).getJobById<{ workspaceId?: string }>(found.name, id, { includeArchive: true });
  return job && job.data?.workspaceId === workspaceId ? viewOf(job) : null;
};

/** The job waiting in a stately queue under its key, which a second send does not duplicate. */
const waitingJobId = async (q: Queryable, name: JobName, key: string): Promise<string | null> => {
  const [row] = await q.query<{ id: string }>(
    `SELECT id FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry') LIMIT 1`,
    [name, key],
  );
  return row?.id ?? null;
};

/**
 * Enqueues a job on `q`: inside a transaction, the job exists only if the transaction commits. A job for a
 * workspace is keyed by it, so a stately queue holds at most one waiting job a workspace; asking again returns
 * the waiting job's id.
 */
export const enqueueJob = async <N extends JobName>(q: Queryable, name: N, data: JobData[N]): Promise<string> => {
  const key = 'workspaceId' in data ? String(data.workspaceId) : null;
  const id = await reader(q).send(name, data, { db: bossDb(q), ...(key ? { singletonKey: key } : {}) });
  if (id) return id;
  const waiting = key ? await waitingJobId(q, name, key) : null;
  if (!waiting) throw new Error(`the job queue refused a ${name} job`);
  return waiting;
};

// Runs the queue's jobs in this process: `leadcycle worker` runs only this, `leadcycle start` runs it beside the
// HTTP server. Any number of runners may share a PostgreSQL database; pg-boss hands each job to one of them
// (SELECT … FOR UPDATE SKIP LOCKED), expires a job whose runner died, and keeps the schedules.
//
// The loop that takes and settles jobs is ours rather than pg-boss's `work`: that one records a job's completion
// without waiting for it, so a process stopping right after a job could lose the record and leave the job active
// until it expires. Here a job is settled in the database before the runner takes the next or stops.

import type PgBoss from 'pg-boss';
import type { Database } from '../../store/database.ts';
import { JOB_NAMES, type JobData, type JobName, openBoss } from '../../store/job-queue.ts';
import { jobHandlers } from './job-handlers.ts';

/** The decay sweep runs daily at 03:17 UTC, away from the hour when other schedules crowd in. */
export const DECAY_SWEEP_CRON = '17 3 * * *';

/** The attribution sweep runs every minute: a report credits stale contacts from their events until it has run. */
export const ATTRIBUTION_SWEEP_CRON = '* * * * *';

export type JobOutcome = {
  id: string;
  name: JobName;
  workspaceId: string | null;
  state: 'completed' | 'failed';
  result: unknown;
  error: string | null;
  ms: number;
};

export type JobRunnerOptions = {
  /** Keep the daily schedules (the decay sweep). On by default; the cron is kept in the database, once. */
  schedule?: boolean;
  /** How long an idle queue waits before asking again (2 s). */
  pollingIntervalSeconds?: number;
  /** Each job once its outcome is stored, completed or failed (a failed job is retried while its queue allows). */
  onSettled?: (outcome: JobOutcome) => void;
  /** Errors of the queue itself (maintenance, polling); the runner keeps going. */
  onError?: (error: Error) => void;
};

export type JobRunner = {
  /**
   * Stops taking jobs and waits up to `timeoutMs` for the running ones. A job still running then is failed, so
   * that another runner retries it instead of waiting for it to expire.
   */
  stop: (timeoutMs?: number) => Promise<void>;
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A wait that ends early when the runner stops. */
const pause = () => {
  const sleepers = new Set<() => void>();
  return {
    wait: (ms: number) =>
      new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        sleepers.add(wake);
      }),
    wakeAll: () => [...sleepers].forEach((wake) => wake()),
  };
};

type Settling = { db: Database; boss: PgBoss; options: JobRunnerOptions; running: Map<string, JobName> };

/** Runs one job and stores its outcome before reporting it. */
const settle = async <N extends JobName>({ db, boss, options, running }: Settling, name: N, job: PgBoss.Job<JobData[N]>): Promise<JobOutcome> => {
  const started = performance.now();
  running.set(job.id, name);
  let outcome: Pick<JobOutcome, 'state' | 'result' | 'error'>;
  try {
    const result = await jobHandlers[name](db, job.data);
    await boss.complete(name, job.id, result);
    outcome = { state: 'completed', result, error: null };
  } catch (error) {
    await boss.fail(name, job.id, { message: messageOf(error) });
    outcome = { state: 'failed', result: null, error: messageOf(error) };
  } finally {
    running.delete(job.id);
  }
  const workspaceId = 'workspaceId' in job.data ? String(job.data.workspaceId) : null;
  const settled = { id: job.id, name, workspaceId, ...outcome, ms: Math.round(performance.now() - started) };
  options.onSettled?.(settled);
  return settled;
};

/** Takes the queue's next waiting job, if any, and settles it. */
const takeOne = async <N extends JobName>(settling: Settling, name: N): Promise<JobOutcome | null> => {
  const [job] = await settling.boss.fetch<JobData[N]>(name, { batchSize: 1 });
  return job ? settle(settling, name, job) : null;
};

export const startJobRunner = async (db: Database, options: JobRunnerOptions = {}): Promise<JobRunner> => {
  const schedule = options.schedule ?? true;
  const boss = openBoss(db, { supervise: true, schedule, migrate: false });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  if (schedule) {
    await boss.schedule('decay-sweep', DECAY_SWEEP_CRON, {}, { tz: 'UTC' });
    await boss.schedule('attribution-sweep', ATTRIBUTION_SWEEP_CRON, {}, { tz: 'UTC' });
  }

  const idleMs = (options.pollingIntervalSeconds ?? 2) * 1000;
  const idle = pause();
  const settling: Settling = { db, boss, options, running: new Map() };
  let stopping = false;

  // One job at a time per queue and process: a rescore holds a core, and more workers are how to add more.
  const loop = async (name: JobName): Promise<void> => {
    while (!stopping) {
      try {
        if (!(await takeOne(settling, name))) await idle.wait(idleMs);
      } catch (error) {
        options.onError?.(error instanceof Error ? error : new Error(messageOf(error)));
        await idle.wait(idleMs);
      }
    }
  };
  const loops = Promise.all(JOB_NAMES.map((name) => loop(name)));

  return {
    stop: async (timeoutMs = 30_000) => {
      stopping = true;
      idle.wakeAll();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([loops.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)))]);
      clearTimeout(timer);
      if (timedOut) {
        for (const [id, name] of settling.running) await boss.fail(name, id, { message: 'its runner stopped before it ended' });
      }
      await boss.stop({ graceful: false, close: false });
    },
  };
};

/**
 * Runs the jobs waiting now, one at a time and queue after queue, until none is left (jobs they queue included;
 * a failed job waits for its retry's delay, so it is not taken again here). For `leadcycle worker --drain`.
 */
export const runWaitingJobs = async (db: Database, options: Pick<JobRunnerOptions, 'onSettled'> = {}): Promise<JobOutcome[]> => {
  const boss = openBoss(db, { supervise: false, schedule: false, migrate: false });
  await boss.start();
  const settling: Settling = { db, boss, options, running: new Map() };
  const outcomes: JobOutcome[] = [];
  try {
    for (let took = true; took; ) {
      took = false;
      for (const name of JOB_NAMES) {
        for (let outcome = await takeOne(settling, name); outcome; outcome = await takeOne(settling, name)) {
          outcomes.push(outcome);
          took = true;
        }
      }
    }
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
  return outcomes;
};

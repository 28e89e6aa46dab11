// The job runner as a command runs it: a line per job on stdout, pg-boss's errors on stderr, and a clean stop on
// SIGINT or SIGTERM. Shared by `leadcycle start` (beside the server) and `leadcycle worker` (alone).

import { type JobOutcome, type JobRunner, startJobRunner } from '../engine/jobs/job-runner.ts';
import type { Database } from '../store/database.ts';

const outcomeLine = (job: JobOutcome): string =>
  `job ${job.name} ${job.id}${job.workspaceId ? ` (workspace ${job.workspaceId})` : ''} ${job.state} in ${job.ms} ms` +
  (job.error ? `: ${job.error}` : job.result ? `: ${JSON.stringify(job.result)}` : '');

/** A line for each job as it ends: stdout when it completed, stderr when it failed. */
export const logOutcome = (job: JobOutcome): void => (job.state === 'failed' ? console.error : console.log)(outcomeLine(job));

export const startLoggedJobRunner = (db: Database): Promise<JobRunner> =>
  startJobRunner(db, {
    onSettled: logOutcome,
    onError: (error) => console.error(`job queue: ${error.message}`),
  });

/** Runs `stop` once on the first SIGINT or SIGTERM, then exits. */
export const stopOnSignal = (stop: () => Promise<void>): void => {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
};

import type { Command } from 'commander';
import { JOB_NAMES } from '../store/job-queue.ts';
import { locationFromEnv, openDatabase } from '../store/open-database.ts';
import { runWaitingJobs } from '../engine/jobs/job-runner.ts';
import { logOutcome, startLoggedJobRunner, stopOnSignal } from './job-runner-process.ts';
import { databaseLabel, dataOption, withDatabase } from './with-database.ts';

export const registerWorkerCommand = (program: Command) =>
  program
    .command('worker')
    .description('run background jobs (re-evaluation after a configuration change, rescoring, the daily score decay, stored attribution credits) without an HTTP server; any number of workers may share one PostgreSQL database')
    .option(...dataOption)
    .option('--drain', 'run the jobs waiting now, then exit; the last line is the summary')
    .action(async (options: { data: string; drain?: boolean }) => {
      const location = locationFromEnv(options.data);
      if (options.drain) {
        const outcomes = await withDatabase(options.data, (db) => runWaitingJobs(db, { onSettled: logOutcome }));
        const failed = outcomes.filter((job) => job.state === 'failed').length;
        console.log(`ran ${outcomes.length} job(s): ${outcomes.length - failed} completed, ${failed} failed`);
        if (failed) process.exitCode = 1;
        return;
      }
      const db = await openDatabase(location);
      const runner = await startLoggedJobRunner(db);
      console.log(`leadcycle worker is running on ${databaseLabel(db, location)}; queues: ${JOB_NAMES.join(', ')}`);
      stopOnSignal(async () => {
        await runner.stop();
        await db.close();
      });
    });

import type { Command } from 'commander';
import { JOB_NAMES } from '../store/job-queue.ts';
import { locationFromEnv, openDatabase } from '../store/open-database.ts';
import { startLoggedJobRunner, stopOnSignal } from './job-runner-process.ts';
import { databaseLabel, dataOption } from './with-database.ts';

export const registerWorkerCommand = (program: Command) =>
  program
    .command('worker')
    .description('run background jobs (rescoring, the daily score decay) without an HTTP server; any number of workers may share one PostgreSQL database')
    .option(...dataOption)
    .action(async (options: { data: string }) => {
      const location = locationFromEnv(options.data);
      const db = await openDatabase(location);
      const runner = await startLoggedJobRunner(db);
      console.log(`leadcycle worker is running on ${databaseLabel(db, location)}; queues: ${JOB_NAMES.join(', ')}`);
      stopOnSignal(async () => {
        await runner.stop();
        await db.close();
      });
    });

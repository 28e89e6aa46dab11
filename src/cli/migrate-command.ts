import type { Command } from 'commander';
import { dataOption, withDatabase } from './with-database.ts';
import { locationFromEnv } from '../store/open-database.ts';

export const registerMigrateCommand = (program: Command) =>
  program
    .command('migrate')
    .description('apply the database migrations (start does this too)')
    .option(...dataOption)
    .action(async (options: { data: string }) => {
      // openDatabase migrates; this command reports where.
      await withDatabase(options.data, async (db) => {
        const where = db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : locationFromEnv(options.data).dataDir;
        const [row] = await db.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations');
        console.log(`migrated ${where} to version ${row?.version ?? 0}`);
      });
    });

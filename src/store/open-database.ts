import { join, resolve } from 'node:path';
import type { Database } from './database.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { migrate } from './migrate.ts';
import { openPostgres } from './pg-database.ts';
import { openPgliteWorker } from './pglite-worker-database.ts';

export type DatabaseLocation = {
  databaseUrl?: string;
  /** A streaming replica of databaseUrl's database that reports read from (DATABASE_READ_URL). */
  readUrl?: string;
  dataDir?: string;
};

/**
 * DATABASE_URL, when set, selects PostgreSQL; otherwise the embedded database in the data directory.
 * DATABASE_READ_URL adds a replica for reports, with PostgreSQL only.
 */
export const locationFromEnv = (dataDir?: string): DatabaseLocation => ({
  databaseUrl: process.env.DATABASE_URL || undefined,
  readUrl: process.env.DATABASE_READ_URL || undefined,
  dataDir: resolve(dataDir ?? process.env.LEADCYCLE_DATA ?? './data'),
});

/**
 * The database reports read from: the replica at readUrl, read-only and never migrated (it follows its primary),
 * or null when reports read the primary. A replica without a primary on PostgreSQL is refused.
 */
export const openReportDatabase = (location: DatabaseLocation): Database | null => {
  if (!location.readUrl) return null;
  if (!location.databaseUrl) throw new Error('DATABASE_READ_URL names a replica of a PostgreSQL primary: set DATABASE_URL too');
  return openPostgres(location.readUrl, 10, { readOnly: true });
};

/** Opens and migrates the database. The embedded one holds a lock on its directory until closed. */
export const openDatabase = async (location: DatabaseLocation): Promise<Database> => {
  if (location.databaseUrl) {
    const db = openPostgres(location.databaseUrl);
    await migrate(db);
    return db;
  }
  const dir = location.dataDir ?? resolve('./data');
  const unlock = lockDataDir(dir);
  try {
    // PGlite wants a directory of its own: the lock lives beside it.
    const db = openPgliteWorker(join(dir, 'pgdata'));
    await migrate(db);
    return {
      ...db,
      close: async () => {
        try {
          await db.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
};

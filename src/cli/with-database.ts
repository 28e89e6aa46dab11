import type { Database } from '../store/database.ts';
import { type DatabaseLocation, locationFromEnv, openDatabase } from '../store/open-database.ts';

export const dataOption = ['--data <dir>', 'embedded data directory (ignored when DATABASE_URL is set)', './data'] as const;

/** Opens the database a command works on (DATABASE_URL or the data directory), and always closes it. */
export const withDatabase = async <T>(dataDir: string | undefined, work: (db: Database) => Promise<T>): Promise<T> => {
  const db = await openDatabase(locationFromEnv(dataDir));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
};

/** Which database a long-running command is on, for its first line. */
export const databaseLabel = (db: Database, location: DatabaseLocation): string =>
  db.kind === 'postgres' ? 'PostgreSQL' : `the embedded database in ${location.dataDir}`;

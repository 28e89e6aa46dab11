import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';
import { installJobSchema } from './job-queue.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export type Migration = { version: number; name: string; sql: string };

export const loadMigrations = async (): Promise<Migration[]> => {
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (name) => ({
      version: Number(name.slice(0, 4)),
      name,
      sql: await readFile(migrationsDir + name, 'utf8'),
    })),
  );
};

/**
 * Held by a migrating transaction: API processes and workers starting at once against the same database take turns,
 * and each finds the migrations the one before it applied. It is taken by a statement of its own, before the DDL:
 * PostgreSQL reads its catalog afresh for each statement a client sends, so a process that waited sees the tables
 * the one before it created (pg-boss's install, one text of many statements, does not; see installJobSchema).
 */
const MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('leadcycle.schema_migrations', 0))";

/**
 * Applies every migration not yet recorded, each in its own transaction under the migration lock, then installs or
 * upgrades the job queue's schema. Returns the names of the migrations applied.
 */
export const migrate = async (db: Database): Promise<string[]> => {
  await db.transaction(async (tx) => {
    await tx.query(MIGRATION_LOCK);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  });
  const applied = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
  );
  const done: string[] = [];
  for (const migration of await loadMigrations()) {
    if (applied.has(migration.version)) continue;
    const ran = await db.transaction(async (tx) => {
      await tx.query(MIGRATION_LOCK);
      // Another process may have applied it while this one waited for the lock.
      if ((await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version])).length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) done.push(migration.name);
  }
  await installJobSchema(db);
  return done;
};

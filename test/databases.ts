import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import type { Database, DatabaseKind, Queryable } from '../src/store/database.ts';
import { openPostgres } from '../src/store/pg-database.ts';
import { openPglite, pgliteDatabase } from '../src/store/pglite-database.ts';
import { newId } from '../src/store/ids.ts';
import { migrate } from '../src/store/migrate.ts';

/** Store tests run on every backend available: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const backends: DatabaseKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let snapshot: Promise<Blob> | undefined;

/** A migrated database. On PGlite a fresh copy of the snapshot; on PostgreSQL the shared test database. */
export const openTestDatabase = async (kind: DatabaseKind): Promise<Database> => {
  if (kind === 'postgres') return openPostgres(process.env.DATABASE_URL!, 4);
  snapshot ??= readFile(inject('pgliteSnapshot')).then((bytes) => new Blob([bytes]));
  return pgliteDatabase(await openPglite({ snapshot: await snapshot }));
};

/** Tests isolate by workspace, the product's own tenancy boundary, so they can share one PostgreSQL database. */
export const createTestWorkspace = async (db: Database, name = 'Test'): Promise<string> => {
  const id = newId();
  await db.query('INSERT INTO workspaces (id, name, slug) VALUES ($1, $2, $3)', [id, name, `test-${id}`]);
  return id;
};

/** A new, empty PostgreSQL database on the server of DATABASE_URL: its URL, and the drop that removes it. */
export const emptyPostgresDatabase = async (): Promise<{ url: string; drop: () => Promise<void> }> => {
  const name = `leadcycle_test_${newId().replace(/-/g, '')}`;
  const server = openPostgres(process.env.DATABASE_URL!, 1);
  await server.exec(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await server.exec(`DROP DATABASE ${name}`);
      await server.close();
    },
  };
};

/**
 * A migrated database no other test file shares, for tests that run the job queue: a job runner takes any job in
 * its database's queue, so on the shared PostgreSQL database it would run other files' jobs. On PGlite every test
 * database is already its own; on PostgreSQL this is a new database, dropped on close.
 */
export const openIsolatedDatabase = async (kind: DatabaseKind): Promise<Database> => {
  if (kind === 'pglite') return openTestDatabase(kind);
  const { url, drop } = await emptyPostgresDatabase();
  const db = openPostgres(url, 4);
  await migrate(db);
  return {
    ...db,
    close: async () => {
      await db.close();
      await drop();
    },
  };
};

/** The database, with every statement sent to it (or to a transaction on it) pushed onto `statements`. */
export const recording = (db: Database, statements: string[]): Database => {
  const record = (q: Queryable): Queryable => ({
    query: (sql, params) => (statements.push(sql), q.query(sql, params)),
    exec: (sql) => (statements.push(sql), q.exec(sql)),
    copyIn: (statement, text) => (statements.push(statement), q.copyIn(statement, text)),
  });
  return { ...db, ...record(db), transaction: (work) => db.transaction((tx) => work(record(tx))) };
};

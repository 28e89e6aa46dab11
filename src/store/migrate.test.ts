import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, emptyPostgresDatabase, openTestDatabase } from '../../test/databases.ts';
import type { Database } from './database.ts';
import { JOB_NAMES } from './job-queue.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { openPostgres } from './pg-database.ts';
import { ensureDefaultWorkspace } from './workspaces.ts';

describe.each(backends)('migrations on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  it('are recorded and applying them again does nothing', async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    expect(rows[0]?.name).toBe('0001_foundation.sql');
  });

  it('returns int8, numeric and date values the same way on every backend', async () => {
    const [row] = await db.query(`SELECT 9007199254740::int8 AS big, 12.5::numeric AS num, '2026-01-31'::date AS day, count(*) AS n FROM workspaces`);
    expect(row).toMatchObject({ big: 9007199254740, num: 12.5, day: '2026-01-31' });
    expect(typeof row?.n).toBe('number');
  });

  it('keeps no statistics of the JSON columns of events and contacts, and keeps those of their keys', async () => {
    const ws = await createTestWorkspace(db);
    await db.query(
      `WITH c AS (INSERT INTO contacts (workspace_id, id, email, properties, latest_source) SELECT $1, gen_random_uuid(), 'p' || i || '@stats.example', '{"a": 1}', '{"channel": "direct"}' FROM generate_series(1, 20) i RETURNING id)
       INSERT INTO events (workspace_id, id, contact_id, type, occurred_at, properties, source) SELECT $1, gen_random_uuid(), c.id, 'page_view', now(), '{"url": "/"}', '{"channel": "direct"}' FROM c`,
      [ws],
    );
    await db.exec('ANALYZE events; ANALYZE contacts');
    const columns = await db.query<{ column: string }>(
      `SELECT tablename || '.' || attname AS column FROM pg_stats WHERE schemaname = 'public' AND tablename IN ('events', 'contacts')
          AND attname IN ('properties', 'source', 'original_source', 'latest_source', 'workspace_id', 'contact_id')`,
    );
    expect(columns.map((row) => row.column).sort()).toEqual(['contacts.workspace_id', 'events.contact_id', 'events.workspace_id']);
  });

  it('rolls a failed transaction back whole', async () => {
    const ws = await createTestWorkspace(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`UPDATE workspaces SET name = 'changed' WHERE id = $1`, [ws]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const [row] = await db.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [ws]);
    expect(row?.name).toBe('Test');
  });
});

describe.runIf(process.env.DATABASE_URL)('processes starting at once on a new database (PostgreSQL)', () => {
  it('take turns: every migration and job queue is installed once, one default workspace is made, and no process fails', async () => {
    const { url, drop } = await emptyPostgresDatabase();
    const processes = [openPostgres(url, 2), openPostgres(url, 2), openPostgres(url, 2)];
    try {
      const applied = await Promise.all(processes.map((db) => migrate(db)));
      const all = await loadMigrations();
      expect(applied.flat().sort()).toEqual(all.map((m) => m.name).sort());
      const [db] = processes;
      expect(await db!.query('SELECT version FROM schema_migrations')).toHaveLength(all.length);
      expect((await db!.query<{ name: string }>('SELECT name FROM pgboss.queue ORDER BY name')).map((q) => q.name)).toEqual([...JOB_NAMES].sort());
      const defaults = await Promise.all(processes.map((process) => ensureDefaultWorkspace(process)));
      expect(new Set(defaults.map((workspace) => workspace.id)).size).toBe(1);
      expect(await db!.query('SELECT 1 FROM users WHERE workspace_id = $1', [defaults[0]!.id])).toHaveLength(1);
    } finally {
      for (const db of processes) await db.close();
      await drop();
    }
  });
});

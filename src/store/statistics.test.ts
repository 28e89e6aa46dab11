import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import type { Database } from './database.ts';
import { keepStatistics } from './statistics.ts';

describe.each(backends)('planner statistics of a growing workspace (%s)', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  const addContacts = (workspaceId: string, count: number) =>
    db.query(
      `INSERT INTO contacts (workspace_id, id, email) SELECT $1::uuid, gen_random_uuid(), 'p' || gen_random_uuid() || '@' || $1::text || '.test' FROM generate_series(1, $2::int) g`,
      [workspaceId, count],
    );
  const estimate = async (workspaceId: string): Promise<number> => {
    const [row] = await db.query<{ 'QUERY PLAN': unknown }>('EXPLAIN (FORMAT JSON) SELECT 1 FROM contacts WHERE workspace_id = $1', [workspaceId]);
    const raw = row!['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
    return plan[0]!.Plan['Plan Rows'];
  };

  it('analyzes the table once a workspace the statistics do not know has written 1,000 rows', async () => {
    const known = await createTestWorkspace(db);
    await addContacts(known, 3000);
    await db.exec('ANALYZE contacts');
    // Big enough a share of the table (the shared PostgreSQL test database holds every run's rows) to be seen.
    const [{ rows }] = (await db.query<{ rows: number }>("SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = 'contacts'::regclass")) as [{ rows: number }];
    const size = Math.max(1200, Math.ceil(0.02 * rows));
    const growing = await createTestWorkspace(db);
    await addContacts(growing, size);
    // The statistics predate the workspace: the planner takes it for (nearly) empty.
    expect(await estimate(growing)).toBeLessThan(size / 2);

    await keepStatistics(db, growing, { contacts: 999 });
    expect(await estimate(growing)).toBeLessThan(size / 2);
    await keepStatistics(db, growing, { contacts: size - 999 });
    expect(await estimate(growing)).toBeGreaterThan(size / 2);
  });
});

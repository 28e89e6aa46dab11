import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { reevaluateWorkspace } from './reevaluate.ts';

describe.each(backends)('choosing the contacts to re-evaluate on %s', (kind) => {
  let db: Database;
  let workspaceId: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    workspaceId = await createTestWorkspace(db);
  });
  afterAll(() => db.close());

  it('places the contacts written since then and leaves the others for a whole-workspace pass', async () => {
    const [old, recent] = [newId(), newId()];
    await db.query(
      `INSERT INTO contacts (workspace_id, id, email, created_at, updated_at)
       VALUES ($1, $2, 'old@scope.io', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'), ($1, $3, 'recent@scope.io', now(), now())`,
      [workspaceId, old, recent],
    );
    const [{ since }] = (await db.query<{ since: Date }>(`SELECT now() - interval '1 minute' AS since`)) as [{ since: Date }];
    const stageOf = async (id: string) =>
      (await db.query<{ lifecycle_stage: string | null }>('SELECT lifecycle_stage FROM contacts WHERE workspace_id = $1 AND id = $2', [workspaceId, id]))[0]!
        .lifecycle_stage;

    expect(await reevaluateWorkspace(db, workspaceId, { touchedSince: since })).toMatchObject({ examined: 1, moved: 1 });
    expect(await stageOf(recent)).not.toBeNull();
    expect(await stageOf(old)).toBeNull();

    expect(await reevaluateWorkspace(db, workspaceId)).toMatchObject({ examined: 1, moved: 1 });
    expect(await stageOf(old)).not.toBeNull();
  });

  it('steps every candidate once when they span many batches in flight (a cursor read page by page on PostgreSQL)', async () => {
    const ids = Array.from({ length: 23 }, () => newId());
    await db.query(
      `INSERT INTO contacts (workspace_id, id, email, created_at, updated_at)
       SELECT $1, id, 'many' || n || '@batches.io', now(), now() FROM unnest($2::uuid[]) WITH ORDINALITY AS x(id, n)`,
      [workspaceId, ids],
    );
    const progress: number[] = [];
    const result = await reevaluateWorkspace(db, workspaceId, { batchSize: 4, concurrency: 3, onProgress: (done) => progress.push(done) });
    expect(result).toMatchObject({ examined: 23, moved: 23 });
    expect(progress.at(-1)).toBe(23);
    const placed = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM contacts c WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[]) AND c.lifecycle_stage IS NOT NULL
          AND (SELECT count(*) FROM stage_transitions t WHERE t.workspace_id = $1 AND t.contact_id = c.id AND t.exited_at IS NULL) = 1`,
      [workspaceId, ids],
    );
    expect(placed[0]!.n).toBe(23);
    expect(await reevaluateWorkspace(db, workspaceId, { batchSize: 4, concurrency: 3 })).toMatchObject({ examined: 0, moved: 0 });
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(reevaluateWorkspace(db, workspaceId, { batchSize: 0 })).rejects.toThrow('batchSize');
  });
});

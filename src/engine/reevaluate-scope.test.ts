import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { reevaluateWorkspace } from './reevaluate.ts';

describe.each(backends)('re-evaluating the contacts written since an instant on %s', (kind) => {
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
});

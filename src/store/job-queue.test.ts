import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import type { Database } from './database.ts';
import { enqueueJob, findJob, installJobSchema, JOB_SCHEMA } from './job-queue.ts';

describe.each(backends)('the job queue on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  const jobsOf = async (workspaceId: string) =>
    db.query<{ id: string; state: string }>(`SELECT id, state FROM ${JOB_SCHEMA}.job WHERE data->>'workspaceId' = $1`, [workspaceId]);

  it('is installed by the migrations, and installing it again changes nothing', async () => {
    await installJobSchema(db);
    const queues = await db.query<{ name: string; policy: string }>(`SELECT name, policy FROM ${JOB_SCHEMA}.queue WHERE name IN ('rescore', 'decay-sweep') ORDER BY name`);
    expect(queues).toEqual([
      { name: 'decay-sweep', policy: 'singleton' },
      { name: 'rescore', policy: 'stately' },
    ]);
  });

  it('holds a job enqueued in a transaction only if the transaction commits', async () => {
    const ws = await createTestWorkspace(db);
    await expect(
      db.transaction(async (tx) => {
        await enqueueJob(tx, 'rescore', { workspaceId: ws, reason: 'requested' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await jobsOf(ws)).toEqual([]);

    const id = await db.transaction((tx) => enqueueJob(tx, 'rescore', { workspaceId: ws, reason: 'requested' }));
    expect(await jobsOf(ws)).toEqual([{ id, state: 'created' }]);
  });

  it('keeps one waiting rescore a workspace: asking again returns the waiting one', async () => {
    const [ws, other] = [await createTestWorkspace(db), await createTestWorkspace(db)];
    const first = await enqueueJob(db, 'rescore', { workspaceId: ws, reason: 'requested' });
    expect(await enqueueJob(db, 'rescore', { workspaceId: ws, reason: 'decay' })).toBe(first);
    expect(await enqueueJob(db, 'rescore', { workspaceId: other, reason: 'requested' })).not.toBe(first);
    expect(await jobsOf(ws)).toHaveLength(1);
  });

  it('shows a job to its own workspace only', async () => {
    const [ws, other] = [await createTestWorkspace(db), await createTestWorkspace(db)];
    const id = await enqueueJob(db, 'rescore', { workspaceId: ws, reason: 'requested' });
    expect(await findJob(db, ws, id)).toMatchObject({ id, name: 'rescore', state: 'created', startedAt: null, result: null, error: null });
    expect(await findJob(db, other, id)).toBeNull();
    expect(await findJob(db, ws, '01900000-0000-7000-8000-000000000000')).toBeNull();
  });
});

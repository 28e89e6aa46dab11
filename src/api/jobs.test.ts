import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApi, type ApiClient } from '../../test/api.ts';
import { backends, openIsolatedDatabase } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';
import { startJobRunner } from '../engine/jobs/job-runner.ts';

type Job = { id: string; name: string; state: string; result: { examined: number; rescored: number; moved: number } | null; error: string | null };

describe.each(backends)('background jobs over HTTP on %s', (kind) => {
  let db: Database;
  let api: ApiClient;
  let other: ApiClient;
  beforeAll(async () => {
    const opened = await openApi(kind, { open: openIsolatedDatabase });
    db = opened.db;
    [api, other] = [await opened.client('Jobs'), await opened.client('Other')];
  });
  afterAll(() => db.close());

  it('queues a rescore, answers with where to follow it, and reports its counts once a runner has done it', async () => {
    const events = ['ana@north-firm.io', 'ben@north-firm.io', 'cy@south-firm.io'].map((email) => ({ type: 'page_view', occurredAt: new Date().toISOString(), contact: { email }, properties: { url: 'https://x.io/pricing' } }));
    expect((await api.call('POST', '/events', { events })).status).toBe(200);

    const queued = await api.call<Job>('POST', '/scoring/rescore');
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ name: 'rescore', state: 'created', result: null, error: null });
    expect(queued.location).toBe(`/api/v1/jobs/${queued.body.id}`);
    // Asking again while it waits returns the same job.
    expect((await api.call<Job>('POST', '/scoring/rescore')).body.id).toBe(queued.body.id);
    const audit = await api.call<{ data: { action: string; objectId: string }[] }>('GET', `/audit?objectType=job&objectId=${queued.body.id}`);
    expect(audit.body.data.map((entry) => entry.action)).toEqual(['scoring.rescore', 'scoring.rescore']);

    let ran!: () => void;
    const settled = new Promise<void>((resolve) => (ran = resolve));
    const runner = await startJobRunner(db, { schedule: false, pollingIntervalSeconds: 0.5, onSettled: (job) => job.id === queued.body.id && ran() });
    await settled;
    await runner.stop();
    const done = await api.call<Job>('GET', `/jobs/${queued.body.id}`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: queued.body.id, state: 'completed', result: { examined: 3, moved: 0 }, error: null });
  });

  it('keeps a workspace’s jobs to itself, and rescoring to roles that manage the configuration', async () => {
    const queued = await api.call<Job>('POST', '/scoring/rescore');
    expect(queued.status).toBe(202);
    const elsewhere = await other.call('GET', `/jobs/${queued.body.id}`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.contentType).toContain('application/problem+json');
    expect((await api.call('GET', '/jobs/not-a-uuid')).status).toBe(400);
    expect((await api.call('POST', '/scoring/rescore', undefined, { key: await api.keyFor('member') })).status).toBe(403);
    expect((await api.call('GET', `/jobs/${queued.body.id}`, undefined, { key: await api.keyFor('viewer') })).status).toBe(200);
  });
});

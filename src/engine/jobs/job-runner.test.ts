import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openIsolatedDatabase } from '../../../test/databases.ts';
import { SYSTEM_ACTOR } from '../../store/audit.ts';
import type { Database } from '../../store/database.ts';
import { enqueueJob, findJob, JOB_SCHEMA, openBoss } from '../../store/job-queue.ts';
import { newId } from '../../store/ids.ts';
import { ingestEvents } from '../ingest/ingest-events.ts';
import { jobHandlers } from './job-handlers.ts';
import { ATTRIBUTION_SWEEP_CRON, DECAY_SWEEP_CRON, type JobOutcome, type JobRunner, type JobRunnerOptions, runWaitingJobs, startJobRunner } from './job-runner.ts';

const DAY_MS = 86_400_000;

describe.each(backends)('the job runner on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openIsolatedDatabase(kind);
  });
  afterAll(() => db.close());

  /** Starts runners and resolves once `count` jobs have settled on them, with the outcomes; then stops them. */
  const runUntilSettled = async (count: number, runners = 1, options: JobRunnerOptions = { schedule: false }): Promise<JobOutcome[]> => {
    const outcomes: JobOutcome[] = [];
    let done!: () => void;
    const settled = new Promise<void>((resolve) => (done = resolve));
    const started: JobRunner[] = [];
    for (let i = 0; i < runners; i++) {
      started.push(
        await startJobRunner(db, {
          ...options,
          pollingIntervalSeconds: 0.5,
          onSettled: (outcome) => {
            outcomes.push(outcome);
            if (outcomes.length === count) done();
          },
        }),
      );
    }
    await settled;
    for (const runner of started) await runner.stop();
    return outcomes;
  };

  const engagementOf = async (workspaceId: string) =>
    (await db.query<{ engagement_score: number }>('SELECT engagement_score FROM contacts WHERE workspace_id = $1', [workspaceId]))[0]!.engagement_score;

  it('sweeps decay daily: queues a rescore for each workspace with engagement, which brings stored scores up to date', async () => {
    const engaged = await createTestWorkspace(db);
    const quiet = await createTestWorkspace(db);
    const ctx = { db, workspaceId: engaged, actor: SYSTEM_ACTOR };
    // A form 60 days ago is stored with its points as of when it happened; two 30-day half-lives later a quarter is left.
    await ingestEvents(ctx, [{ type: 'form_submitted', occurredAt: new Date(Date.now() - 60 * DAY_MS).toISOString(), contact: { email: 'kim@quiet-firm.io' }, properties: { formId: 'ebook' } }]);
    const stored = await engagementOf(engaged);
    expect(stored).toBeGreaterThan(0);

    expect(await jobHandlers['decay-sweep'](db, {})).toEqual({ queued: 1 });
    const queued = await db.query<{ id: string; key: string }>(`SELECT id, singleton_key AS key FROM ${JOB_SCHEMA}.job WHERE name = 'rescore'`);
    expect(queued.map((job) => job.key)).toEqual([engaged]);
    expect(queued.map((job) => job.key)).not.toContain(quiet);

    const [outcome] = await runUntilSettled(1);
    expect(outcome).toMatchObject({ id: queued[0]!.id, name: 'rescore', workspaceId: engaged, state: 'completed', result: { examined: 1, rescored: 1, moved: 0 } });
    expect(await engagementOf(engaged)).toBeCloseTo(stored / 4, 3);
    expect(await findJob(db, engaged, queued[0]!.id)).toMatchObject({ state: 'completed', result: { examined: 1, rescored: 1 }, error: null });
  });

  it('hands each job to one runner when several share the database', async () => {
    const workspaces = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createTestWorkspace(db)));
    const ids = await Promise.all(workspaces.map((workspaceId) => enqueueJob(db, 'rescore', { workspaceId, reason: 'requested' })));
    const outcomes = await runUntilSettled(ids.length, 2);
    expect(outcomes.map((o) => o.id).sort()).toEqual([...ids].sort());
    expect(outcomes.every((o) => o.state === 'completed')).toBe(true);
  });

  it('reports a job that fails with its reason, and leaves it to be retried', async () => {
    const missing = newId();
    const id = await enqueueJob(db, 'rescore', { workspaceId: missing, reason: 'requested' });
    const [outcome] = await runUntilSettled(1);
    expect(outcome).toMatchObject({ id, state: 'failed' });
    expect(outcome!.error).toBe(`workspace ${missing} does not exist`);
    expect(await findJob(db, missing, id)).toMatchObject({ state: 'retry', error: outcome!.error, result: null });
  });

  it('keeps the sweeps on their schedules: decay daily, attribution every minute', async () => {
    const ws = await createTestWorkspace(db);
    await enqueueJob(db, 'rescore', { workspaceId: ws, reason: 'requested' });
    await runUntilSettled(1, 1, { schedule: true });
    const schedules = await openBoss(db).getSchedules();
    // pg-boss's rows carry the cron's time zone, which its types leave out.
    expect(schedules.map((row) => ({ name: row.name, cron: row.cron, timezone: (row as { timezone?: string }).timezone })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'attribution-sweep', cron: ATTRIBUTION_SWEEP_CRON, timezone: 'UTC' },
      { name: 'decay-sweep', cron: DECAY_SWEEP_CRON, timezone: 'UTC' },
    ]);
  });

  it('sweeps attribution: refreshes the stored credits of each workspace with stale contacts', async () => {
    const ws = await createTestWorkspace(db);
    await ingestEvents({ db, workspaceId: ws, actor: SYSTEM_ACTOR }, [{ type: 'page_view', occurredAt: new Date().toISOString(), contact: { email: 'ora@sweep-firm.io' }, properties: { url: 'https://x.io/?utm_source=newsletter&utm_medium=email' } }]);
    await enqueueJob(db, 'attribution-sweep', {});
    const outcomes = await runWaitingJobs(db);
    const refreshed = outcomes.find((o) => o.name === 'attribution-refresh' && o.workspaceId === ws);
    expect(refreshed).toMatchObject({ state: 'completed', result: { contacts: 1 } });
    expect(await db.query('SELECT 1 FROM attribution_stale WHERE workspace_id = $1', [ws])).toEqual([]);
    const stored = await db.query<{ metric: string }>('SELECT metric FROM attribution_conversions WHERE workspace_id = $1', [ws]);
    expect(stored.map((row) => row.metric)).toEqual(['contacts']);
  });

  it('drains: runs every job waiting now and those they queue, then returns their outcomes', async () => {
    const ws = await createTestWorkspace(db);
    await ingestEvents({ db, workspaceId: ws, actor: SYSTEM_ACTOR }, [{ type: 'webinar_attended', occurredAt: new Date(Date.now() - DAY_MS).toISOString(), contact: { email: 'lee@drain-firm.io' } }]);
    await enqueueJob(db, 'decay-sweep', {});
    const outcomes = await runWaitingJobs(db);
    expect(outcomes[0]).toMatchObject({ name: 'decay-sweep', state: 'completed' });
    const rescored = outcomes.filter((o) => o.name === 'rescore');
    expect(rescored).toHaveLength((outcomes[0]!.result as { queued: number }).queued);
    expect(rescored.map((o) => o.workspaceId)).toContain(ws);
    expect(await runWaitingJobs(db)).toEqual([]);
  });
});

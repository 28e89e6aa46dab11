import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openIsolatedDatabase } from '../../../test/databases.ts';
import { SYSTEM_ACTOR } from '../../store/audit.ts';
import type { Database } from '../../store/database.ts';
import { enqueueJob, findJob, JOB_SCHEMA, openBoss } from '../../store/job-queue.ts';
import { newId } from '../../store/ids.ts';
import { ingestEvents } from '../ingest/ingest-events.ts';
import { jobHandlers } from './job-handlers.ts';
import { DECAY_SWEEP_CRON, type JobOutcome, type JobRunner, type JobRunnerOptions, runWaitingJobs, startJobRunner } from './job-runner.ts';

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

  it('keeps the decay sweep on its daily schedule', async () => {
    const ws = await createTestWorkspace(db);
    await enqueueJob(db, 'rescore', { workspaceId: ws, reason: 'requested' });
    await runUntilSettled(1, 1, { schedule: true });
    const schedules = await openBoss(db).getSchedules();
    expect(schedules).toEqual([expect.objectContaining({ name: 'decay-sweep', cron: DECAY_SWEEP_CRON, timezone: 'UTC' })]);
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApi, type ApiClient } from '../../test/api.ts';
import { backends, openIsolatedDatabase } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';
import { runWaitingJobs } from './jobs/job-runner.ts';
import { reevaluateWorkspace } from './reevaluate.ts';

type Config = { stages: { id: string; entry: unknown; requiredFields: string[] }[]; scoring: { models: { fit: { id: string; points: number }[] }[] } };
type Lifecycle = { stage: string; transitions: { to: string; skipped: boolean; configVersion: number; cause: { type: string } }[] };
type Counts = { examined: number; moved: number; rescored: number };
type Job = { id: string; name: string; state: string; result: Counts | null };

describe.each(backends)('changing the configuration on %s', (kind) => {
  let db: Database;
  let api: ApiClient;
  let client: (name?: string) => Promise<ApiClient>;
  // Its own database: the re-evaluations it queues are run here, and a runner takes every job in its database.
  beforeAll(async () => {
    ({ db, client } = await openApi(kind, { open: openIsolatedDatabase }));
    api = await client();
  });
  afterAll(() => db.close());

  /** PUT /config, then the re-evaluation it queued, run to its end: the change and the job's counts. */
  const change = async (config: unknown, as: ApiClient = api) => {
    const res = await as.call<{ version: number; changed: boolean; reevaluation: Job | null }>('PUT', '/config', config);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (!res.body.reevaluation) return { ...res.body, reevaluation: null };
    expect(res.body.reevaluation).toMatchObject({ name: 'reevaluate', state: 'created' });
    await runWaitingJobs(db);
    const job = await as.call<Job>('GET', `/jobs/${res.body.reevaluation.id}`);
    expect(job.body.state).toBe('completed');
    return { ...res.body, reevaluation: job.body.result! };
  };

  it('stores a new version and moves forward every contact that now meets a later stage, set-based', async () => {
    const ids: string[] = [];
    for (const email of ['a@reeval.io', 'b@reeval.io', 'c@gmail.com']) ids.push((await api.call<{ id: string }>('POST', '/contacts', { email })).body.id);
    const { body } = await api.call<{ version: number; config: Config }>('GET', '/config');
    expect(body.version).toBe(1);
    const lead = body.config.stages.find((s) => s.id === 'lead')!;
    lead.entry = { property: 'email', op: 'ends_with', value: '@reeval.io' };
    const res = await change(body.config);
    expect(res).toMatchObject({ version: 2, changed: true, reevaluation: { moved: 2 } });
    const [a, , c] = await Promise.all(ids.map(async (id) => (await api.call<Lifecycle>('GET', `/contacts/${id}/lifecycle`)).body));
    expect(a!.stage).toBe('lead');
    expect(a!.transitions.at(-1)).toMatchObject({ to: 'lead', configVersion: 2, cause: { type: 'property_change' } });
    expect(c!.stage).toBe('subscriber');
    expect(await change(body.config)).toMatchObject({ changed: false, reevaluation: null });
  });

  it('rescoring after a score rule change updates every contact', async () => {
    const { body } = await api.call<{ config: Config }>('GET', '/config');
    const before = (await api.call<{ data: { fitScore: number }[] }>('GET', '/contacts?limit=500')).body.data.map((c) => c.fitScore);
    for (const model of body.config.scoring.models) for (const rule of model.fit) rule.points += 1;
    const res = await change(body.config);
    expect(res.reevaluation!.examined).toBe(before.length);
  });

  it('looks only at the stages a change can open to someone new, against the version last applied', async () => {
    const scoped = await client('scope');
    const eager = (await scoped.call<{ id: string }>('POST', '/contacts', { email: 'eager@scope.io' })).body.id;
    // Asked for a demo with no company: meets sales_qualified but lacks company.name to enter it, so stays put.
    const blocked = (await scoped.call<{ id: string }>('POST', '/contacts', { email: 'blocked@gmail.com' })).body.id;
    const demo = { type: 'form_submitted', occurredAt: new Date().toISOString(), contact: { id: blocked }, properties: { formId: 'demo-request' } };
    expect((await scoped.call('POST', '/events', demo)).status).toBe(200);
    const stageOf = async (id: string) => (await scoped.call<Lifecycle>('GET', `/contacts/${id}/lifecycle`)).body.stage;
    expect(await stageOf(blocked)).toBe('subscriber');
    const { body } = await scoped.call<{ config: Config }>('GET', '/config');
    body.config.stages.find((s) => s.id === 'lead')!.entry = { property: 'email', op: 'ends_with', value: '@scope.io' };
    const leads = await change(body.config, scoped);
    // Only lead's criteria changed: the held-back contact is not looked at again, nor is anyone rescored.
    expect(leads.reevaluation).toMatchObject({ examined: 1, moved: 1, rescored: 0 });
    expect(await stageOf(eager)).toBe('lead');
    body.config.stages.find((s) => s.id === 'sales_qualified')!.requiredFields = ['email'];
    const relaxed = await change(body.config, scoped);
    expect(relaxed.reevaluation).toMatchObject({ examined: 1, moved: 1 });
    expect(await stageOf(blocked)).toBe('sales_qualified');
    // Applied: the same version again has nothing to look at.
    expect(await reevaluateWorkspace(db, scoped.workspaceId)).toMatchObject({ examined: 0, moved: 0 });
  });

  it('refuses an invalid configuration with the path of each problem, and keeps the current version', async () => {
    const { body } = await api.call<{ version: number; config: Config }>('GET', '/config');
    const broken = structuredClone(body.config) as unknown as { stages: { order: unknown }[] };
    broken.stages[0]!.order = 'first';
    const res = await api.call<{ errors: { field: string }[] }>('PUT', '/config', broken);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]?.field).toBe('stages.0.order');
    expect((await api.call<{ version: number }>('GET', '/config')).body.version).toBe(body.version);
  });

  it('only lets an admin change it', async () => {
    const member = await api.keyFor('manager');
    const { body } = await api.call<{ config: Config }>('GET', '/config');
    expect((await api.call('PUT', '/config', body.config, { key: member })).status).toBe(403);
  });

  it('compares a declared custom property by its type in criteria as lists do, in the step and in re-evaluation', async () => {
    expect((await api.call('POST', '/properties/contact', { name: 'licenses', type: 'number', label: 'Licenses' })).status).toBe(201);
    const early = (await api.call<{ id: string }>('POST', '/contacts', { email: 'early@licenses.io', properties: { licenses: 250 } })).body.id;
    // The operand is text; the property is declared a number, so 250 ≥ "100" (as text, "250" would not be read at all).
    const criterion = { property: 'licenses', op: 'gte', value: '100' };
    const listed = await api.call<{ data: { id: string }[] }>('GET', `/contacts?filter=${encodeURIComponent(JSON.stringify(criterion))}`);
    expect(listed.body.data.map((c) => c.id)).toEqual([early]);
    const { body } = await api.call<{ config: Config }>('GET', '/config');
    body.config.stages.find((s) => s.id === 'lead')!.entry = criterion;
    const res = await change(body.config);
    expect(res.reevaluation!.moved).toBe(1);
    expect((await api.call<Lifecycle>('GET', `/contacts/${early}/lifecycle`)).body.stage).toBe('lead');
    const late = (await api.call<{ id: string }>('POST', '/contacts', { email: 'late@licenses.io', properties: { licenses: 300 } })).body.id;
    expect((await api.call<Lifecycle>('GET', `/contacts/${late}/lifecycle`)).body.stage).toBe('lead');

    // A fit rule on it counts while it is declared; once the declaration goes, the workspace is rescored without it.
    const scoring = (await api.call<{ config: Config }>('GET', '/config')).body.config;
    scoring.scoring.models[0]!.fit.push({ id: 'many_licenses', label: 'Many licenses', when: criterion, points: 7 } as never);
    await change(scoring);
    const fit = async () => (await api.call<{ fitScore: number }>('GET', `/contacts/${early}`)).body.fitScore;
    const declared = await fit();
    expect((await api.call('DELETE', '/properties/contact/licenses')).status).toBe(204);
    // Removing a declaration that a rule names queues a rescore with it.
    expect(await runWaitingJobs(db)).toMatchObject([{ name: 'rescore', workspaceId: api.workspaceId, state: 'completed' }]);
    expect(await fit()).toBe(declared - 7);
  });
});

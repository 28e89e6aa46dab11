import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiClient, type ApiClient } from '../../test/api.ts';
import { backends } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';
import { reevaluateWorkspace } from './reevaluate.ts';

type Config = { stages: { id: string; entry: unknown; requiredFields: string[] }[]; scoring: { models: { fit: { id: string; points: number }[] }[] } };
type Lifecycle = { stage: string; transitions: { to: string; skipped: boolean; configVersion: number; cause: { type: string } }[] };

describe.each(backends)('changing the configuration on %s', (kind) => {
  let db: Database;
  let api: ApiClient;
  beforeAll(async () => {
    ({ db, api } = await openApiClient(kind));
  });
  afterAll(() => db.close());

  it('stores a new version and moves forward every contact that now meets a later stage, set-based', async () => {
    const ids: string[] = [];
    for (const email of ['a@reeval.io', 'b@reeval.io', 'c@gmail.com']) ids.push((await api.call<{ id: string }>('POST', '/contacts', { email })).body.id);
    const { body } = await api.call<{ version: number; config: Config }>('GET', '/config');
    expect(body.version).toBe(1);
    const lead = body.config.stages.find((s) => s.id === 'lead')!;
    lead.entry = { property: 'email', op: 'ends_with', value: '@reeval.io' };
    const res = await api.call<{ version: number; changed: boolean; reevaluation: { moved: number } }>('PUT', '/config', body.config);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, changed: true, reevaluation: { moved: 2 } });
    const [a, , c] = await Promise.all(ids.map(async (id) => (await api.call<Lifecycle>('GET', `/contacts/${id}/lifecycle`)).body));
    expect(a!.stage).toBe('lead');
    expect(a!.transitions.at(-1)).toMatchObject({ to: 'lead', configVersion: 2, cause: { type: 'property_change' } });
    expect(c!.stage).toBe('subscriber');
    const again = await api.call<{ changed: boolean }>('PUT', '/config', body.config);
    expect(again.body.changed).toBe(false);
  });

  it('rescoring after a score rule change updates every contact', async () => {
    const { body } = await api.call<{ config: Config }>('GET', '/config');
    const before = (await api.call<{ data: { fitScore: number }[] }>('GET', '/contacts?limit=500')).body.data.map((c) => c.fitScore);
    for (const model of body.config.scoring.models) for (const rule of model.fit) rule.points += 1;
    const res = await api.call<{ reevaluation: { rescored: number; examined: number } }>('PUT', '/config', body.config);
    expect(res.body.reevaluation.examined).toBe(before.length);
  });

  it('looks only at the stages a change can open to someone new, against the version last applied', async () => {
    const { db: own, api: client } = await openApiClient(kind, 'scope');
    try {
      const eager = (await client.call<{ id: string }>('POST', '/contacts', { email: 'eager@scope.io' })).body.id;
      // Asked for a demo with no company: meets sales_qualified but lacks company.name to enter it, so stays put.
      const blocked = (await client.call<{ id: string }>('POST', '/contacts', { email: 'blocked@gmail.com' })).body.id;
      const demo = { type: 'form_submitted', occurredAt: new Date().toISOString(), contact: { id: blocked }, properties: { formId: 'demo-request' } };
      expect((await client.call('POST', '/events', demo)).status).toBe(200);
      const stageOf = async (id: string) => (await client.call<Lifecycle>('GET', `/contacts/${id}/lifecycle`)).body.stage;
      expect(await stageOf(blocked)).toBe('subscriber');
      const { body } = await client.call<{ config: Config }>('GET', '/config');
      body.config.stages.find((s) => s.id === 'lead')!.entry = { property: 'email', op: 'ends_with', value: '@scope.io' };
      const leads = await client.call<{ reevaluation: { examined: number; moved: number } }>('PUT', '/config', body.config);
      // Only lead's criteria changed: the held-back contact is not looked at again, nor is anyone rescored.
      expect(leads.body.reevaluation).toMatchObject({ examined: 1, moved: 1, rescored: 0 });
      expect(await stageOf(eager)).toBe('lead');
      body.config.stages.find((s) => s.id === 'sales_qualified')!.requiredFields = ['email'];
      const relaxed = await client.call<{ reevaluation: { examined: number; moved: number } }>('PUT', '/config', body.config);
      expect(relaxed.body.reevaluation).toMatchObject({ examined: 1, moved: 1 });
      expect(await stageOf(blocked)).toBe('sales_qualified');
      // Applied: the same version again has nothing to look at.
      expect(await reevaluateWorkspace(own, client.workspaceId)).toMatchObject({ examined: 0, moved: 0 });
    } finally {
      await own.close();
    }
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
    const res = await api.call<{ reevaluation: { moved: number } }>('PUT', '/config', body.config);
    expect(res.body.reevaluation.moved).toBe(1);
    expect((await api.call<Lifecycle>('GET', `/contacts/${early}/lifecycle`)).body.stage).toBe('lead');
    const late = (await api.call<{ id: string }>('POST', '/contacts', { email: 'late@licenses.io', properties: { licenses: 300 } })).body.id;
    expect((await api.call<Lifecycle>('GET', `/contacts/${late}/lifecycle`)).body.stage).toBe('lead');

    // A fit rule on it counts while it is declared; once the declaration goes, the workspace is rescored without it.
    const scoring = (await api.call<{ config: Config }>('GET', '/config')).body.config;
    scoring.scoring.models[0]!.fit.push({ id: 'many_licenses', label: 'Many licenses', when: criterion, points: 7 } as never);
    expect((await api.call('PUT', '/config', scoring)).status).toBe(200);
    const fit = async () => (await api.call<{ fitScore: number }>('GET', `/contacts/${early}`)).body.fitScore;
    const declared = await fit();
    expect((await api.call('DELETE', '/properties/contact/licenses')).status).toBe(204);
    expect(await fit()).toBe(declared - 7);
  });
});

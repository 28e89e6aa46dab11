import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../../test/databases.ts';
import { auc, isHeldOut } from '../../domain/predictive/evaluation.ts';
import { syntheticSamples } from '../../domain/predictive/synthetic-samples.ts';
import { SYSTEM_ACTOR } from '../../store/audit.ts';
import type { Database } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import type { RequestContext } from '../context.ts';
import { activeModelReport, listPredictiveModels, trainPredictive } from './predictive-service.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const CONTACTS = 2_000;
const RECENT = 10;
const window = { targetStage: 'customer', withinDays: 90, horizonDays: 7 };

/**
 * A workspace whose outcomes follow a known model (the synthetic samples' true probabilities): each contact
 * was created 200 days ago, did its page views and email opens in its first week, and, when its label is
 * true, became a customer 10 days after that week, with a `deal_won` event. The later event carries the
 * label itself: a model that could see past `asOf` would score far above what the signal allows.
 */
const generateWorkspace = async (db: Database, workspaceId: string) => {
  const created = Date.now() - 200 * DAY_MS;
  const samples = syntheticSamples(CONTACTS, 7).map((sample) => ({ ...sample, id: newId(), companyId: newId() }));
  const contacts = samples.map((s) => ({
    id: s.id,
    email: s.contact.email,
    job_title: s.contact.jobTitle,
    country: s.contact.country,
    company_id: s.companyId,
    original_source: s.contact.originalSource,
    created_at: new Date(created).toISOString(),
    lifecycle_stage: s.label ? 'customer' : 'lead',
  }));
  const recent = Array.from({ length: RECENT }, (_, i) => ({
    id: newId(), email: `recent${i}@new.example`, job_title: null, country: null, company_id: null, original_source: null,
    created_at: new Date(Date.now() - 10 * DAY_MS).toISOString(), lifecycle_stage: 'lead',
  }));
  const companies = samples.map((s) => ({ id: s.companyId, name: `Company ${s.id}`, industry: s.company!.industry, employees: s.company!.employees }));
  const events = samples.flatMap((s) => [
    ...s.events.map((e, k) => ({ id: newId(), contact_id: s.id, type: e.type, occurred_at: new Date(created + (k + 1) * HOUR_MS).toISOString() })),
    ...(s.label ? [{ id: newId(), contact_id: s.id, type: 'deal_won', occurred_at: new Date(created + 17 * DAY_MS).toISOString() }] : []),
  ]);
  const transitions = samples
    .filter((s) => s.label)
    .map((s) => ({ id: newId(), contact_id: s.id, to_stage: 'customer', entered_at: new Date(created + 17 * DAY_MS).toISOString() }));
  await db.query(
    `INSERT INTO companies (workspace_id, id, name, industry, employees)
     SELECT $1, x.id, x.name, x.industry, x.employees FROM json_to_recordset($2::json) AS x(id uuid, name text, industry text, employees int)`,
    [workspaceId, JSON.stringify(companies)],
  );
  await db.query(
    `INSERT INTO contacts (workspace_id, id, email, job_title, country, company_id, original_source, created_at, lifecycle_stage)
     SELECT $1, x.id, x.email, x.job_title, x.country, x.company_id, x.original_source, x.created_at, x.lifecycle_stage
       FROM json_to_recordset($2::json) AS x(id uuid, email text, job_title text, country text, company_id uuid, original_source jsonb, created_at timestamptz, lifecycle_stage text)`,
    [workspaceId, JSON.stringify([...contacts, ...recent])],
  );
  await db.query(
    `INSERT INTO events (workspace_id, id, contact_id, type, occurred_at)
     SELECT $1, x.id, x.contact_id, x.type, x.occurred_at FROM json_to_recordset($2::json) AS x(id uuid, contact_id uuid, type text, occurred_at timestamptz)`,
    [workspaceId, JSON.stringify(events)],
  );
  await db.query(
    `INSERT INTO stage_transitions (workspace_id, id, contact_id, from_stage, to_stage, entered_at, cause_type)
     SELECT $1, x.id, x.contact_id, 'lead', x.to_stage, x.entered_at, 'property_change'
       FROM json_to_recordset($2::json) AS x(id uuid, contact_id uuid, to_stage text, entered_at timestamptz)`,
    [workspaceId, JSON.stringify(transitions)],
  );
  return samples;
};

describe.each(backends)('the predictive score on %s', (kind) => {
  let db: Database;
  let ctx: RequestContext;
  let samples: Awaited<ReturnType<typeof generateWorkspace>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    ctx = { db, workspaceId: await createTestWorkspace(db), actor: SYSTEM_ACTOR };
    samples = await generateWorkspace(db, ctx.workspaceId);
  });
  afterAll(() => db.close());

  it('trains on the workspace’s history, reports the held-out AUC the signal allows, and scores every contact', async () => {
    const result = await trainPredictive(ctx, { ...window, kind: 'logistic', seed: 42 });
    // The best any model can do on the same held-out contacts: rank them by their true probabilities.
    const heldOut = samples.filter((s) => isHeldOut(s.id, 42, 0.25));
    const achievable = auc(heldOut.map((s) => s.trueProbability), heldOut.map((s) => s.label));
    expect(result.model.report.testRows).toBe(heldOut.length);
    expect(result.model.report.trainRows).toBe(CONTACTS - heldOut.length);
    expect(result.model.report.auc).toBeGreaterThan(achievable - 0.05);
    // Higher than the truth allows would mean the outcome leaked into the features.
    expect(result.model.report.auc).toBeLessThan(achievable + 0.03);
    expect(result.excluded).toEqual({ tooRecent: RECENT, alreadyReached: 0 });
    expect(result.model).toMatchObject({ active: true, trainedFrom: 'workspace', targetStage: 'customer', withinDays: 90 });

    const [scores] = await db.query<{ n: number; models: number; bad: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT model_id)::int AS models,
              count(*) FILTER (WHERE probability < 0 OR probability > 1 OR jsonb_array_length(top_features) = 0)::int AS bad
         FROM predictive_scores WHERE workspace_id = $1`,
      [ctx.workspaceId],
    );
    expect(result.scored).toBe(CONTACTS + RECENT);
    expect(scores).toEqual({ n: CONTACTS + RECENT, models: 1, bad: 0 });
  });

  it('keeps one active model: a retrained one replaces it, and evaluate reports the active one', async () => {
    const second = await trainPredictive(ctx, { ...window, kind: 'gbt', seed: 42 });
    const models = await listPredictiveModels(ctx);
    expect(models.map((m) => m.active)).toEqual([true, false]);
    expect(models[0]!.id).toBe(second.model.id);
    const active = await activeModelReport(ctx);
    expect(active.id).toBe(second.model.id);
    expect(active.report.calibration.reduce((n, bin) => n + bin.count, 0)).toBe(active.report.testRows);
    const [stale] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM predictive_scores WHERE workspace_id = $1 AND model_id <> $2', [ctx.workspaceId, second.model.id]);
    expect(stale!.n).toBe(0);
  });

  it('refuses a stage the lifecycle does not have, and data with one outcome only', async () => {
    await expect(trainPredictive(ctx, { ...window, targetStage: 'champion', kind: 'gbt' })).rejects.toThrow(/no stage "champion"/);
    await expect(trainPredictive(ctx, { ...window, targetStage: 'evangelist', kind: 'gbt' })).rejects.toThrow(/need both outcomes/);
  });
});

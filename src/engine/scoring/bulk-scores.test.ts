// Bulk scoring (SQL aggregates finished by the domain) must give every contact the scores live scoring gives
// it: random models (fit filters, engagement rules with where / within / once / caps / groups, decay, email
// domains) over a random population with recycled engagement bases, on every backend. So must a step's state read
// with its older events summed (EngagementSummary), the same aggregates taken at an anchor.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../../test/databases.ts';
import { blankCompany, blankContact, type Company, type Contact } from '../../domain/contact.ts';
import type { ContactEvent, EventType } from '../../domain/event.ts';
import type { ContactView, EventPropertyFilter, Filter, RelativeDuration } from '../../domain/filter/filter.ts';
import { seededRandom } from '../../domain/predictive/seeded-random.ts';
import { computeModelScores, computeScoreTotals } from '../../domain/scoring/score.ts';
import { configEventTypes, summarizableEventTypes } from '../../domain/lifecycle/config-event-types.ts';
import { templateConfig } from '../../config/templates.ts';
import { loadLifecycleStates } from '../lifecycle-states.ts';
import type { EngagementRule, FitRule, ScoreModel } from '../../domain/scoring/scoring-model.ts';
import type { Database } from '../../store/database.ts';
import { insertEvents } from '../../store/events.ts';
import { newId } from '../../store/ids.ts';
import { bulkScorer } from './bulk-scores.ts';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const EVENT_TYPES: EventType[] = ['page_view', 'email_clicked', 'form_submitted', 'meeting_booked'];
const URLS = ['/pricing', '/blog/post', '/docs/start', '/pricing/enterprise', null];
const FORMS = ['demo-request', 'newsletter', 'contact-us'];

const FIT_FILTERS: Filter[] = [
  { property: 'jobTitle', op: 'contains', value: 'vp' },
  { property: 'country', op: 'in', value: ['US', 'GB'] },
  { property: 'company.employees', op: 'gte', value: 200 },
  { property: 'seats', op: 'gt', value: 10 },
  { not: { property: 'city', op: 'exists' } },
  { any: [{ property: 'jobTitle', op: 'starts_with', value: 'head' }, { property: 'country', op: 'eq', value: 'DE' }] },
  { event: 'form_submitted', where: { property: 'formId', op: 'eq', value: 'demo-request' } },
  { event: 'page_view', within: { amount: 30, unit: 'days' }, count: { op: 'gte', value: 2 } },
];

const WHERES: (EventPropertyFilter | undefined)[] = [
  undefined,
  { property: 'url', op: 'starts_with', value: '/pricing' },
  { property: 'formId', op: 'contains', value: 'demo' },
  { not: { property: 'url', op: 'exists' } },
  { any: [{ property: 'url', op: 'eq', value: '/docs/start' }, { property: 'n', op: 'gte', value: 3 }] },
];
const WINDOWS: (RelativeDuration | undefined)[] = [undefined, { amount: 7, unit: 'days' }, { amount: 2, unit: 'months' }, { amount: 12, unit: 'hours' }];

const randomModel = (random: () => number, index: number): ScoreModel => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const groups = [{ name: 'web', cap: 5 + Math.floor(random() * 40) }, { name: 'who', cap: 10 + Math.floor(random() * 30) }];
  const fit: FitRule[] = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => ({
    id: `fit${i}`,
    label: `fit ${i}`,
    when: pick(FIT_FILTERS),
    points: Math.round((random() * 40 - 10) * 10) / 10,
    ...(random() < 0.3 ? { group: 'who' } : {}),
  }));
  // The first rule credits every page view, so most contacts score and agreement is not on zeros.
  const everyView: EngagementRule = { id: 'views', label: 'Page views', event: 'page_view', points: 2, mode: 'repeatable' };
  const engagement: EngagementRule[] = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => {
    const where = pick(WHERES);
    const within = pick(WINDOWS);
    return {
      id: `eng${i}`,
      label: `engagement ${i}`,
      event: pick(EVENT_TYPES),
      points: Math.round((random() * 30 - 5) * 10) / 10,
      mode: random() < 0.4 ? 'once' : 'repeatable',
      ...(where ? { where } : {}),
      ...(within ? { within } : {}),
      ...(random() < 0.4 ? { maxPoints: 1 + Math.floor(random() * 30) } : {}),
      ...(random() < 0.3 ? { group: 'web' } : {}),
    };
  });
  return {
    name: `model${index}`,
    fit,
    engagement: [everyView, ...engagement],
    groups,
    ...(random() < 0.8 ? { halfLifeDays: pick([1, 7, 30, 90.5]) } : {}),
    ...(random() < 0.7
      ? { emailDomain: { competitorDomains: ['rival.com'], competitorPoints: -25, businessPoints: 10, freeMailPoints: pick([0, -5]) } }
      : {}),
    grade: { fitA: 30, fitB: 10, engagement1: 40, engagement2: 10 },
  };
};

const randomPopulation = (random: () => number, modelNames: readonly string[]) => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const companies: Company[] = Array.from({ length: 10 }, (_, i) => ({
    ...blankCompany(newId(), `Company ${i}`, '2024-01-01T00:00:00.000Z'),
    domain: `company${i}.example`,
    employees: random() < 0.2 ? null : Math.floor(random() * 1000),
  }));
  const at = (ms: number) => new Date(Math.round(ms)).toISOString();
  const views: ContactView[] = Array.from({ length: 160 }, (_, i) => {
    const company = random() < 0.7 ? pick(companies) : null;
    const properties: Record<string, unknown> = random() < 0.5 ? { seats: pick([5, 11, '40', 'many']) } : {};
    if (random() < 0.3) {
      // Engagement carried over a recycle, per model; now and then unreadable, or from before every event.
      properties._engagementBase = Object.fromEntries(
        modelNames.map((name) => [name, random() < 0.15 ? { points: 5, at: 'last tuesday' } : { points: Math.round(random() * 500) / 10, at: at(NOW.getTime() - random() * 60 * DAY) }]),
      );
    }
    const contact: Contact = {
      ...blankContact(newId(), '2024-06-01T00:00:00.000Z'),
      email: pick([`p${i}@company.example`, `p${i}@gmail.com`, `p${i}@sub.rival.com`, `p${i}@mailinator.com`, null]),
      jobTitle: pick(['VP Marketing', 'Head of Sales', 'Engineer', null]),
      country: pick(['US', 'GB', 'DE', 'FR', null]),
      city: pick(['Berlin', null]),
      companyId: company?.id ?? null,
      properties,
    };
    const events: ContactEvent[] = Array.from({ length: Math.floor(random() * 14) }, () => {
      const type = pick(EVENT_TYPES);
      const url = pick(URLS);
      // Mostly the last 120 days, a few in the future (not yet happened for this evaluation).
      const occurredAt = at(NOW.getTime() - (random() < 0.05 ? -random() * 3 * DAY : random() * 120 * DAY));
      return {
        id: newId(),
        type,
        occurredAt,
        properties: {
          ...(url === null ? {} : { url }),
          ...(type === 'form_submitted' ? { formId: pick(FORMS) } : {}),
          ...(random() < 0.3 ? { n: Math.floor(random() * 6) } : {}),
        },
      };
    });
    // Events at the very instant of a recycle are inside its base.
    const base = (properties._engagementBase as Record<string, { at: string }> | undefined)?.[modelNames[0]!];
    if (base && !Number.isNaN(Date.parse(base.at)) && events.length > 0 && random() < 0.5) events[0] = { ...events[0]!, occurredAt: base.at };
    return { contact, company, events };
  });
  return { companies, views };
};

const insert = async (db: Database, workspaceId: string, companies: Company[], views: ContactView[]) => {
  await db.query(
    `INSERT INTO companies (workspace_id, id, name, domain, employees)
     SELECT $1, r.id, r.name, r.domain, r.employees FROM json_to_recordset($2::json) AS r(id uuid, name text, domain text, employees integer)`,
    [workspaceId, JSON.stringify(companies)],
  );
  await db.query(
    `INSERT INTO contacts (workspace_id, id, email, job_title, country, city, company_id, properties, created_at, updated_at)
     SELECT $1, r.id, r.email, r."jobTitle", r.country, r.city, r."companyId", r.properties, r."createdAt", r."updatedAt"
       FROM json_to_recordset($2::json) AS r(id uuid, email text, "jobTitle" text, country text, city text, "companyId" uuid,
            properties jsonb, "createdAt" timestamptz, "updatedAt" timestamptz)`,
    [workspaceId, JSON.stringify(views.map((view) => view.contact))],
  );
  await insertEvents(
    db,
    workspaceId,
    views.flatMap((view) => view.events.map((event) => ({ ...event, contactId: view.contact.id }))),
  );
};

describe.each(backends)('bulk scores, and states read with older events summed, agree with live scoring on %s', (kind) => {
  let db: Database;
  let workspaceId: string;
  const seed = Date.now() % 2 ** 31;
  const random = seededRandom(seed);
  const models = Array.from({ length: 25 }, (_, i) => randomModel(random, i));
  const { companies, views } = randomPopulation(
    random,
    models.map((m) => m.name),
  );

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    workspaceId = await createTestWorkspace(db);
    await insert(db, workspaceId, companies, views);
  });
  afterAll(() => db.close());

  it(`gives each contact the live scores under random models (seed ${seed})`, async () => {
    const ids = views.map((view) => view.contact.id).sort();
    let nonZero = 0;
    for (const model of models) {
      const bulk = new Map((await bulkScorer(workspaceId, model, NOW).score(db, ids)).map((row) => [row.id, row.totals]));
      expect(bulk.size).toBe(views.length);
      for (const view of views) {
        const live = computeModelScores(view, model, NOW);
        const got = bulk.get(view.contact.id)!;
        const context = { model: model.name, contact: view.contact.id };
        // Sums taken in another order may differ in the last bits, so a total may land a cent apart at most.
        expect({ ...context, fit: Math.abs(got.fit - live.fit) <= 0.0100001 }).toEqual({ ...context, fit: true });
        expect({ ...context, engagement: Math.abs(got.engagement - live.engagement) <= 0.0100001 }).toEqual({ ...context, engagement: true });
        if (got.fit === live.fit && got.engagement === live.engagement) expect(got.grade).toBe(live.grade);
        if (live.engagement !== 0) nonZero++;
      }
    }
    // Agreement on zeros would prove nothing: most contacts must have engagement under most models.
    expect(nonZero).toBeGreaterThan(models.length * views.length * 0.4);
  });

  it(`gives each contact the scores of its whole history under random models (seed ${seed})`, async () => {
    const ids = views.map((view) => view.contact.id);
    // Steps from 30 days before NOW on: older events are summed where their rules allow, newer ones listed.
    const anchor = new Date(NOW.getTime() - 30 * DAY);
    let summed = 0;
    let nonZero = 0;
    for (const model of models) {
      const config = { ...templateConfig('classic'), scoring: { primary: model.name, models: [model] } };
      const summarizable = new Set(summarizableEventTypes(config));
      const read = new Set(configEventTypes(config));
      const states = await loadLifecycleStates(db, workspaceId, ids, config, { summarizeBefore: anchor });
      for (const view of views) {
        const state = states.get(view.contact.id)!;
        const whole = computeScoreTotals(view, config.scoring, NOW);
        const got = computeScoreTotals({ ...view, events: state.view.events }, config.scoring, NOW, state.engagementSummary);
        const context = { model: model.name, contact: view.contact.id };
        // The summed weights are taken in another order (and by PostgreSQL's power()): a total may land a cent apart.
        expect({ ...context, engagement: Math.abs(got.engagement - whole.engagement) <= 0.0100001 }).toEqual({ ...context, engagement: true });
        expect(got.fit).toBe(whole.fit);
        if (state.engagementSummary) {
          // Of the events the step reads, only the summarized types' from before the anchor are left out of the view.
          const left = view.events.filter((e) => read.has(e.type) && !state.view.events.some((listed) => listed.id === e.id));
          expect(left.every((e) => summarizable.has(e.type) && Date.parse(e.occurredAt) < anchor.getTime())).toBe(true);
          if (left.length > 0) summed++;
        } else expect(state.view.events.length).toBe(view.events.filter((e) => read.has(e.type)).length);
        if (whole.engagement !== 0) nonZero++;
      }
    }
    // The summaries must have been taken, and agreement on zeros would prove nothing.
    expect(summed).toBeGreaterThan(views.length);
    expect(nonZero).toBeGreaterThan(models.length * views.length * 0.4);
  });

  it('leaves out merged contacts and keeps the stored scores for comparison', async () => {
    const [first, second] = views;
    await db.query('UPDATE contacts SET merged_into = $3, fit_score = 12.5 WHERE workspace_id = $1 AND id = $2', [workspaceId, first!.contact.id, second!.contact.id]);
    await db.query('UPDATE contacts SET fit_score = 7.25, engagement_score = 3 WHERE workspace_id = $1 AND id = $2', [workspaceId, second!.contact.id]);
    const rows = await bulkScorer(workspaceId, models[0]!, NOW).score(db, [first!.contact.id, second!.contact.id]);
    expect(rows.map((row) => [row.id, row.stored])).toEqual([[second!.contact.id, { fit: 7.25, engagement: 3 }]]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiClient, type ApiClient } from '../../test/api.ts';
import { backends } from '../../test/databases.ts';
import { syntheticSamples } from '../domain/predictive/synthetic-samples.ts';
import type { Database } from '../store/database.ts';

type Line = { rule: string; kind: 'fit' | 'engagement'; points: number; at: string | null };
type Score = { fit: number; engagement: number; grade: string; explanation: Line[]; predictive: { probability: number; modelId: string } | null; models: Record<string, { fit: number }> };
type Ingested = { results: { status: string; eventId: string; contactId: string }[] };
type Lifecycle = { stage: string; transitions: { to: string; enteredAt: string; cause: { type: string; eventId: string | null } }[] };

const DAY_MS = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const sum = (lines: Line[], kind: Line['kind']) => lines.filter((l) => l.kind === kind).reduce((total, l) => total + l.points, 0);

describe.each(backends)('scores over HTTP on %s', (kind) => {
  let db: Database;
  let api: ApiClient;
  beforeAll(async () => {
    ({ db, api } = await openApiClient(kind));
  });
  afterAll(() => db.close());

  const send = async (email: string, events: { type: string; occurredAt: string; properties?: Record<string, unknown> }[], person: Record<string, string> = {}) => {
    const res = await api.call<Ingested>('POST', '/events', { events: events.map((e) => ({ ...e, contact: { email, ...person } })) });
    expect(res.status).toBe(200);
    return res.body.results;
  };
  const score = async (id: string) => (await api.call<Score>('GET', `/contacts/${id}/score`)).body;

  it('explains itself: the lines add up to the scores, and an event one half-life old counts half', async () => {
    const [result] = await send('dana@acme-tools.io', [{ type: 'form_submitted', occurredAt: ago(30 * DAY_MS), properties: { formId: 'contact-us' } }], {
      jobTitle: 'Director of Sales',
      country: 'US',
    });
    const body = await score(result!.contactId);
    expect(body.explanation.find((l) => l.rule === 'form')).toMatchObject({ kind: 'engagement', points: 10 });
    expect(body.explanation.find((l) => l.rule === 'director')).toMatchObject({ kind: 'fit', points: 15, at: null });
    expect(sum(body.explanation, 'fit')).toBe(body.fit);
    expect(sum(body.explanation, 'engagement')).toBe(body.engagement);
    expect(body.engagement).toBe(10);
    expect(body.models.default!.fit).toBe(body.fit);
    expect(body.predictive).toBeNull();
    expect((await api.call('GET', '/contacts/01900000-0000-7000-8000-000000000000/score')).status).toBe(404);
  });

  it('moves a contact to marketing_qualified in the step of the event that crosses the threshold, with its score history', async () => {
    const person = { jobTitle: 'Chief Executive Officer', country: 'US' };
    const warm = [
      { type: 'form_submitted', occurredAt: ago(60_000 * 30), properties: { formId: 'ebook' } },
      { type: 'form_submitted', occurredAt: ago(60_000 * 20), properties: { formId: 'checklist' } },
      { type: 'webinar_attended', occurredAt: ago(60_000 * 10) },
    ];
    const [first] = await send('erin@bigco-systems.io', warm, person);
    const id = first!.contactId;
    expect((await api.call<Lifecycle>('GET', `/contacts/${id}/lifecycle`)).body.stage).toBe('lead');
    const [crossing] = await send('erin@bigco-systems.io', [{ type: 'webinar_attended', occurredAt: ago(60_000) }], person);
    const lifecycle = (await api.call<Lifecycle>('GET', `/contacts/${id}/lifecycle`)).body;
    expect(lifecycle.stage).toBe('marketing_qualified');
    expect(lifecycle.transitions.at(-1)).toMatchObject({ to: 'marketing_qualified', cause: { type: 'event', eventId: crossing!.eventId } });
    const history = (await api.call<{ data: { engagement: number; fit: number }[] }>('GET', `/contacts/${id}/score/history`)).body.data;
    expect(history.at(-1)!.engagement).toBeGreaterThanOrEqual(60);
    expect(history.at(-2)!.engagement).toBeLessThan(60);
    expect(history.at(-1)!.fit).toBeGreaterThanOrEqual(40);
  });

  it('takes points from a competitor’s domain and keeps it out of marketing_qualified however engaged', async () => {
    const { body } = await api.call<{ config: { scoring: { models: { emailDomain: { competitorDomains: string[] } }[] } } }>('GET', '/config');
    body.config.scoring.models[0]!.emailDomain.competitorDomains = ['rival-crm.io'];
    expect((await api.call('PUT', '/config', body.config)).status).toBe(200);
    const person = { jobTitle: 'Chief Executive Officer', country: 'US' };
    const busy = [
      { type: 'form_submitted', occurredAt: ago(60_000 * 30), properties: { formId: 'ebook' } },
      { type: 'form_submitted', occurredAt: ago(60_000 * 20), properties: { formId: 'checklist' } },
      { type: 'webinar_attended', occurredAt: ago(60_000 * 10) },
      { type: 'webinar_attended', occurredAt: ago(60_000 * 5) },
    ];
    const [rival] = await send('spy@rival-crm.io', busy, person);
    const [buyer] = await send('buyer@honest-buyer.io', busy, person);
    const rivalScore = await score(rival!.contactId);
    expect(rivalScore.explanation.find((l) => l.rule === 'email_domain:competitor')!.points).toBeLessThan(0);
    expect(rivalScore.engagement).toBeGreaterThanOrEqual(60);
    expect(rivalScore.fit).toBeLessThan(40);
    expect((await score(buyer!.contactId)).fit - rivalScore.fit).toBe(60);
    expect((await api.call<Lifecycle>('GET', `/contacts/${rival!.contactId}/lifecycle`)).body.stage).toBe('lead');
    expect((await api.call<Lifecycle>('GET', `/contacts/${buyer!.contactId}/lifecycle`)).body.stage).toBe('marketing_qualified');
  });

  it('trains from a CSV of historical leads, sets aside unreadable rows, and predicts for contacts', async () => {
    const rows = syntheticSamples(1500, 3).map((s) =>
      [s.contact.email, s.contact.jobTitle, s.company!.employees, s.contact.country, s.company!.industry, s.contact.originalSource!.channel, '2024-01-15', s.label ? 'won' : 'lost'].join(','),
    );
    const text = ['Email,Job Title,Employees,Country,Industry,Lead Source,Create Date,Closed', ...rows, 'x@y.io,Analyst,12,US,retail,direct,2024-01-15,maybe'].join('\n');
    const res = await api.call<{ model: { trainedFrom: string; active: boolean; report: { auc: number; testRows: number } }; rejected: { line: number }[]; mapped: Record<string, string> }>(
      'POST', '/scoring/models/train', { kind: 'logistic', csv: { text, outcomeColumn: 'closed' } },
    );
    expect(res.status).toBe(200);
    expect(res.body.model).toMatchObject({ trainedFrom: 'csv', active: true });
    // Without the page views the file cannot carry, title, size and email type still rank buyers well above chance.
    expect(res.body.model.report.auc).toBeGreaterThan(0.6);
    expect(res.body.rejected).toEqual([{ line: 1502, reason: expect.stringContaining('maybe') }]);
    expect(res.body.mapped).toMatchObject({ email: 'Email', jobTitle: 'Job Title', employees: 'Employees', source: 'Lead Source', createdAt: 'Create Date' });
    const models = (await api.call<{ data: { active: boolean; report: { auc: number } }[] }>('GET', '/scoring/models')).body.data;
    expect(models[0]).toMatchObject({ active: true, report: { auc: res.body.model.report.auc } });
    const [contact] = await db.query<{ id: string }>('SELECT id FROM contacts WHERE workspace_id = $1 LIMIT 1', [api.workspaceId]);
    const prediction = (await score(contact!.id)).predictive!;
    expect(prediction.probability).toBeGreaterThan(0);
    expect(prediction.probability).toBeLessThan(1);
  });

  it('refuses a CSV without the outcome column, whole', async () => {
    const res = await api.call<{ detail: string }>('POST', '/scoring/models/train', { kind: 'gbt', csv: { text: 'Email,Title\na@b.io,CEO', outcomeColumn: 'converted' } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/no column "converted"/);
  });
});

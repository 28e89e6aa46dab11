import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import { trackingKeyOf } from '../engine/ingest/tracking.ts';
import type { Database } from '../store/database.ts';
import { createApiKey } from '../store/workspaces.ts';
import { createApp } from './app.ts';

type Json = Record<string, unknown>;

describe.each(backends)('forms, tracking and identity on %s', (kind) => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  let workspaceId: string;
  let key: string;
  let campaignId: string;
  let landingPageId: string;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  const count = async (table: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = $1`, [workspaceId]))[0]!.n;

  const FIELDS = [
    { name: 'email', label: 'Work email', type: 'email', required: true },
    { name: 'firstName', label: 'First name', type: 'text', required: false },
    { name: 'teamSize', label: 'Team size', type: 'select', required: false, options: ['1-10', '11-50'] },
  ];

  const publishedForm = async (formKey: string) => {
    const res = await api('POST', '/forms', { key: formKey, name: 'Demo', fields: FIELDS, status: 'published', campaignId, landingPageId });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    app = createApp(db);
    workspaceId = await createTestWorkspace(db);
    key = (await createApiKey(db, workspaceId, { role: 'admin' })).key;
    campaignId = (await api('POST', '/campaigns', { name: 'Spring', key: 'spring', channel: 'paid_search' })).body.id as string;
    landingPageId = (await api('POST', '/landing-pages', { name: 'Demo page', url: 'https://acme.io/demo', campaignId })).body.id as string;
  });
  afterAll(() => db.close());

  it('refuses to publish a form without campaign or landing page unless confirmed', async () => {
    const draft = await api('POST', '/forms', { key: 'newsletter', name: 'Newsletter', fields: FIELDS });
    expect(draft.status).toBe(201);
    const refused = await api('PATCH', `/forms/${draft.body.id}`, { status: 'published' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ missing: ['campaignId', 'landingPageId'] });
    expect(refused.body.detail).toMatch(/confirmWithoutAttribution/);
    const halfLinked = await api('PATCH', `/forms/${draft.body.id}`, { status: 'published', campaignId });
    expect(halfLinked.body).toMatchObject({ status: 409, missing: ['landingPageId'] });
    const confirmed = await api('PATCH', `/forms/${draft.body.id}`, { status: 'published', confirmWithoutAttribution: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('published');
  });

  it('refuses a form without a required email field', async () => {
    const res = await api('POST', '/forms', { key: 'no-email', name: 'X', fields: [{ name: 'firstName', label: 'Name', type: 'text' }] });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/email/);
  });

  it('joins a paid visitor’s three anonymous page views to the contact its form submission creates', async () => {
    const formId = await publishedForm('demo-request');
    const trackingKey = await trackingKeyOf(db, workspaceId);
    for (const page of ['/', '/pricing', '/demo']) {
      const url = `https://acme.io${page}?utm_source=google&utm_medium=cpc&utm_campaign=spring&gclid=Cj0abc`;
      const res = await app.request(`/t?k=${trackingKey}&vid=visitor-1&url=${encodeURIComponent(url)}&ref=${encodeURIComponent('https://www.google.com/')}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/gif');
    }
    expect(await count('contacts')).toBe(0);

    const page = await app.request(`/f/${formId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<label for="f-email">Work email/);

    const submitted = await app.request(`/f/${formId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'lc_vid=visitor-1', Referer: 'https://acme.io/demo' },
      body: new URLSearchParams({ email: ' Dana@Acme-Customer.com ', firstName: 'Dana', teamSize: '11-50', lc_hp: '' }).toString(),
    });
    expect(submitted.status).toBe(201);

    const [contact] = await db.query<{ id: string; first_name: string; original_source: Json; latest_source: Json }>(
      'SELECT id, first_name, original_source, latest_source FROM contacts WHERE workspace_id = $1 AND email = $2',
      [workspaceId, 'dana@acme-customer.com'],
    );
    expect(contact!.first_name).toBe('Dana');
    expect(contact!.original_source).toMatchObject({ channel: 'paid_search', campaign: 'spring', source: 'google', medium: 'cpc' });

    const timeline = await api('GET', `/contacts/${contact!.id}/timeline`);
    const events = (timeline.body.data as { kind: string; data: { type: string; properties: Json } }[]).filter((e) => e.kind === 'event');
    expect(events.map((e) => e.data.type)).toEqual(['form_submitted', 'page_view', 'page_view', 'page_view']);
    expect(events[0]!.data.properties).toMatchObject({ formId: 'demo-request', fields: { teamSize: '11-50' } });
    // The demo request made the contact a sales-qualified lead through the classic template's criteria.
    const entries = timeline.body.data as { kind: string; data: Json }[];
    expect(entries.some((e) => e.kind === 'transition' && e.data.to === 'sales_qualified')).toBe(true);
  });

  it('pages the timeline newest first with a cursor', async () => {
    const [contact] = await db.query<{ id: string }>('SELECT id FROM contacts WHERE workspace_id = $1 AND email = $2', [workspaceId, 'dana@acme-customer.com']);
    const all = (await api('GET', `/contacts/${contact!.id}/timeline?limit=500`)).body.data as { id: string; at: string }[];
    const first = await api('GET', `/contacts/${contact!.id}/timeline?limit=2`);
    const second = await api('GET', `/contacts/${contact!.id}/timeline?limit=500&cursor=${first.body.nextCursor}`);
    expect([...(first.body.data as { id: string }[]), ...(second.body.data as { id: string }[])].map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());
  });

  it('refuses a submission missing a required field, naming it', async () => {
    const formId = await publishedForm('contact-us');
    const res = await app.request(`/f/${formId}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ firstName: 'X' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors).toEqual([{ field: 'email', message: 'is required' }]);
  });

  it('creates nothing for a flood of 1,000 honeypot submissions', async () => {
    const formId = await publishedForm('whitepaper');
    const before = [await count('contacts'), await count('events')];
    let refused = 0;
    for (let i = 0; i < 1000; i += 1) {
      const res = await app.request(`/f/${formId}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `10.0.${i >> 8}.${i & 255}` },
        body: JSON.stringify({ email: `bot${i}@spam.example`, lc_hp: 'http://spam.example' }),
      });
      if (res.status === 400 || res.status === 429) refused += 1;
    }
    expect(refused).toBe(1000);
    expect([await count('contacts'), await count('events')]).toEqual(before);
  });

  it('lets 10 submissions a minute through from one address and refuses the rest with 429', async () => {
    const formId = await publishedForm('trial');
    const before = await count('contacts');
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i += 1) {
      const res = await app.request(`/f/${formId}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: `person${i}@example.org` }),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 201: 10, 429: 990 });
    expect((await count('contacts')) - before).toBe(10);
  });

  it('records a beacon page view sent as text/plain, and refuses an unknown tracking key', async () => {
    const trackingKey = await trackingKeyOf(db, workspaceId);
    const ok = await app.request('/t', { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ k: trackingKey, vid: 'v-beacon', url: 'https://acme.io/blog' }) });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const bad = await app.request('/t', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ k: 'nope', vid: 'v', url: 'https://acme.io/' }) });
    expect(bad.status).toBe(400);
    const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND anonymous_id = 'v-beacon'", [workspaceId]);
    expect(row!.n).toBe(1);
  });

  it('serves the embed script and the public form definition', async () => {
    const script = await app.request('/embed.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toMatch(/data-leadcycle-form/);
    const formId = await publishedForm('webinar');
    const def = await app.request(`/f/${formId}`, { headers: { Accept: 'application/json' } });
    expect(await def.json()).toMatchObject({ id: formId, name: 'Demo', fields: FIELDS });
  });
});

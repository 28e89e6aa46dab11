import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, openApiClient } from '../../test/api.ts';
import { backends } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';

type BatchResult = { results: { index: number; status: string; eventId?: string; contactId?: string; reason?: string }[]; counts: Record<string, number> };

const rowCounts = async (db: Database, workspaceId: string) => {
  const [row] = await db.query<{ events: number; contacts: number; transitions: number; companies: number }>(
    `SELECT (SELECT count(*)::int FROM events WHERE workspace_id = $1) AS events,
            (SELECT count(*)::int FROM contacts WHERE workspace_id = $1) AS contacts,
            (SELECT count(*)::int FROM stage_transitions WHERE workspace_id = $1) AS transitions,
            (SELECT count(*)::int FROM companies WHERE workspace_id = $1) AS companies`,
    [workspaceId],
  );
  return row!;
};

describe.each(backends)('events API on %s', (kind) => {
  let db: Database;
  let api: ApiClient;

  beforeAll(async () => {
    ({ db, api } = await openApiClient(kind));
  });
  afterAll(() => db.close());

  const batch = [
    { id: 'e-1', type: 'page_view', occurredAt: '2025-03-01T10:00:00Z', contact: { anonymousId: 'v-batch' }, properties: { url: 'https://acme.io/?utm_source=google&utm_medium=cpc&utm_campaign=brand' } },
    { id: 'e-2', type: 'form_submitted', occurredAt: '2025-03-01T10:05:00Z', contact: { email: ' Ann.Lee@Example-Corp.com ', anonymousId: 'v-batch', firstName: 'Ann', jobTitle: 'VP Sales', company: 'Example Corp' }, properties: { formId: 'contact-us', url: 'https://acme.io/contact' } },
    { id: 'e-3', type: 'page_view', occurredAt: '2025-03-02T09:00:00Z', contact: { email: 'bob@gmail.com' }, properties: { url: 'https://acme.io/pricing', referrer: 'https://www.linkedin.com/' } },
  ];

  it('accepts a batch, creating contacts once and linking business domains to a company', async () => {
    const res = await api.call<BatchResult>('POST', '/events', { events: batch });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ accepted: 3, duplicate: 0, rejected: 0 });
    const [ann] = await db.query<{ id: string; email: string; first_name: string; job_title: string; company_id: string | null }>(
      'SELECT id, email, first_name, job_title, company_id FROM contacts WHERE workspace_id = $1 AND email = $2',
      [api.workspaceId, 'ann.lee@example-corp.com'],
    );
    expect(ann).toMatchObject({ first_name: 'Ann', job_title: 'VP Sales' });
    expect(res.body.results[0]!.contactId).toBe(ann!.id);
    const [company] = await db.query<{ name: string; domain: string }>('SELECT name, domain FROM companies WHERE workspace_id = $1 AND id = $2', [api.workspaceId, ann!.company_id]);
    expect(company).toEqual({ name: 'Example Corp', domain: 'example-corp.com' });
    const [bob] = await db.query<{ company_id: string | null }>('SELECT company_id FROM contacts WHERE workspace_id = $1 AND email = $2', [api.workspaceId, 'bob@gmail.com']);
    expect(bob!.company_id).toBeNull();
  });

  it('loses none of the events of batches posted at the same time for the same contact', async () => {
    // Every view at one instant: whichever batch commits last, its step scores the contact at that instant
    // over every view it can see, 1 point each (page_view rule, cap 15).
    const at = '2025-05-05T12:00:00.000Z';
    const contact = { email: 'race@example.org' };
    const batches = Array.from({ length: 6 }, (_, b) =>
      [0, 1].map((i) => ({ id: `race-${b}-${i}`, type: 'page_view', occurredAt: at, contact, properties: { url: 'https://acme.io/docs' } })),
    );
    const posted = await Promise.all(batches.map((events) => api.call<BatchResult>('POST', '/events', { events })));
    expect(posted.map((res) => [res.status, res.body.counts.accepted])).toEqual(batches.map(() => [200, 2]));
    const [row] = await db.query<{ engagement_score: number; views: number }>(
      `SELECT c.engagement_score, (SELECT count(*)::int FROM events e WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id) AS views
         FROM contacts c WHERE c.workspace_id = $1 AND c.email = $2`,
      [api.workspaceId, contact.email],
    );
    expect(row).toEqual({ engagement_score: 12, views: 12 });
  });


  it('makes one company of a new domain that batches posted at the same time name, and joins each visitor’s earlier views', async () => {
    const views = Array.from({ length: 4 }, (_, b) => ({ id: `cv-${b}`, type: 'page_view', occurredAt: '2025-06-01T09:00:00Z', contact: { anonymousId: `v-co-${b}` }, properties: { url: 'https://acme.io/pricing' } }));
    expect((await api.call<BatchResult>('POST', '/events', { events: views })).body.counts.accepted).toBe(4);
    const batches = Array.from({ length: 4 }, (_, b) => [
      { id: `co-${b}`, type: 'form_submitted', occurredAt: '2025-06-01T10:00:00Z', contact: { email: `buyer${b}@co-race.example`, anonymousId: `v-co-${b}` }, properties: { formId: 'contact-us' } },
      { id: `co-known-${b}`, type: 'page_view', occurredAt: '2025-06-01T10:01:00Z', contact: { email: 'race@example.org' }, properties: { url: 'https://acme.io/docs' } },
    ]);
    const posted = await Promise.all(batches.map((events) => api.call<BatchResult>('POST', '/events', { events })));
    expect(posted.map((res) => [res.status, res.body.counts.accepted])).toEqual(batches.map(() => [200, 2]));
    const companies = await db.query<{ id: string }>('SELECT id FROM companies WHERE workspace_id = $1 AND domain = $2', [api.workspaceId, 'co-race.example']);
    expect(companies).toHaveLength(1);
    const contacts = await db.query<{ company_id: string; views: number }>(
      `SELECT c.company_id, (SELECT count(*)::int FROM events e WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id AND e.type = 'page_view') AS views
         FROM contacts c WHERE c.workspace_id = $1 AND c.email LIKE '%@co-race.example'`,
      [api.workspaceId],
    );
    expect(contacts).toEqual(batches.map(() => ({ company_id: companies[0]!.id, views: 1 })));
  });
  it('takes batches posted at the same time that identify the same visitors and name the same new domains in other orders', async () => {
    const visitors = Array.from({ length: 60 }, (_, v) => `v-crowd-${v}`);
    const views = visitors.flatMap((visitor, v) =>
      [0, 1, 2].map((i) => ({ id: `crowd-view-${v}-${i}`, type: 'page_view', occurredAt: '2025-07-01T09:00:00Z', contact: { anonymousId: visitor }, properties: { url: 'https://acme.io/pricing' } })),
    );
    expect((await api.call<BatchResult>('POST', '/events', { events: views })).body.counts.accepted).toBe(views.length);
    // Each batch identifies every visitor as a person of its own, at one of 30 new domains, in an order of its own.
    const batches = Array.from({ length: 4 }, (_, b) => {
      const order = b % 2 === 0 ? visitors : [...visitors].reverse();
      return order.map((visitor, i) => ({
        id: `crowd-${b}-${visitor}`,
        type: 'form_submitted',
        occurredAt: '2025-07-01T10:00:00Z',
        contact: { email: `p${b}-${visitor}@crowd-${(i * (b + 1)) % 30}.example`, anonymousId: visitor },
        properties: { formId: 'contact-us' },
      }));
    });
    const posted = await Promise.all(batches.map((events) => api.call<BatchResult>('POST', '/events', { events })));
    expect(posted.map((res) => [res.status, res.body.counts.accepted])).toEqual(batches.map(() => [200, visitors.length]));
    const [row] = await db.query<{ anonymous: number; companies: number }>(
      `SELECT (SELECT count(*)::int FROM events WHERE workspace_id = $1 AND external_id LIKE 'crowd-view-%' AND contact_id IS NULL) AS anonymous,
              (SELECT count(*)::int FROM companies WHERE workspace_id = $1 AND domain LIKE 'crowd-%.example') AS companies`,
      [api.workspaceId],
    );
    expect(row).toEqual({ anonymous: 0, companies: 30 });
  });

  it.runIf(kind === 'postgres')('does not wait for a concurrent batch joining the same visitor’s earlier events: that batch joins them', async () => {
    const visitor = 'v-held';
    const views = [0, 1].map((i) => ({ id: `held-view-${i}`, type: 'page_view', occurredAt: '2025-08-01T09:00:00Z', contact: { anonymousId: visitor }, properties: { url: 'https://acme.io/' } }));
    const someone = { id: 'held-other', type: 'page_view', occurredAt: '2025-08-01T09:00:00Z', contact: { email: 'held-other@example.org' }, properties: { url: 'https://acme.io/' } };
    const seeded = await api.call<BatchResult>('POST', '/events', { events: [...views, someone] });
    expect(seeded.body.counts.accepted).toBe(3);
    const other = { id: seeded.body.results[2]!.contactId! };
    // A concurrent batch has joined the visitor's views to its contact and not committed yet.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let joined = () => {};
    const joining = new Promise<void>((resolve) => (joined = resolve));
    // Should the post wait for it after all, the concurrent batch ends on its own after a while, and the test fails.
    let timedOut = false;
    const concurrent = db.transaction(async (tx) => {
      await tx.query('UPDATE events SET contact_id = $2 WHERE workspace_id = $1 AND anonymous_id = $3 AND contact_id IS NULL', [api.workspaceId, other.id, visitor]);
      joined();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([held, new Promise<void>((resolve) => (timer = setTimeout(() => resolve(void (timedOut = true)), 10_000)))]);
      clearTimeout(timer);
    });
    await joining;
    const form = { id: 'held-form', type: 'form_submitted', occurredAt: '2025-08-01T10:00:00Z', contact: { email: 'held@example.org', anonymousId: visitor }, properties: { formId: 'contact-us' } };
    const res = await api.call<BatchResult>('POST', '/events', { events: [form] });
    release();
    await concurrent;
    expect(timedOut).toBe(false);
    expect(res.body.counts.accepted).toBe(1);
    const owners = await db.query<{ contact_id: string | null }>('SELECT contact_id FROM events WHERE workspace_id = $1 AND external_id LIKE $2', [api.workspaceId, 'held-view-%']);
    expect(owners).toEqual([{ contact_id: other.id }, { contact_id: other.id }]);
  });

  it('scores a contact the batch creates on every event it has: the visitor’s earlier views, its views in the batch and its form', async () => {
    // All at one instant, so nothing has decayed when the contact is stepped: 1 point a view, 20 for the form.
    const at = '2025-09-01T12:00:00.000Z';
    const view = (id: string) => ({ id, type: 'page_view', occurredAt: at, contact: { anonymousId: 'v-scored' }, properties: { url: 'https://acme.io/docs' } });
    expect((await api.call<BatchResult>('POST', '/events', { events: [view('scored-0'), view('scored-1'), view('scored-2')] })).body.counts.accepted).toBe(3);
    const form = { id: 'scored-form', type: 'form_submitted', occurredAt: at, contact: { email: 'scored@example.org', anonymousId: 'v-scored' }, properties: { formId: 'contact-us' } };
    const res = await api.call<BatchResult>('POST', '/events', { events: [view('scored-3'), form, view('scored-4')] });
    expect(res.body.counts.accepted).toBe(3);
    const [contact] = await db.query<{ engagement_score: number; lifecycle_stage: string }>('SELECT engagement_score, lifecycle_stage FROM contacts WHERE workspace_id = $1 AND email = $2', [
      api.workspaceId,
      'scored@example.org',
    ]);
    expect(contact).toEqual({ engagement_score: 25, lifecycle_stage: 'lead' });
  });

  it('stores a batch posted several times at once once: the others answer duplicate', async () => {
    const events = [0, 1, 2].map((i) => ({ id: `twice-${i}`, type: 'page_view', occurredAt: '2025-10-01T09:00:00Z', contact: { email: `twice${i}@example.org` }, properties: { url: 'https://acme.io/' } }));
    const posted = await Promise.all([0, 1, 2].map(() => api.call<BatchResult>('POST', '/events', { events })));
    expect(posted.map((res) => res.status)).toEqual([200, 200, 200]);
    const counts = posted.map((res) => res.body.counts);
    expect(counts.reduce((sum, c) => sum + (c.accepted ?? 0), 0)).toBe(3);
    expect(counts.reduce((sum, c) => sum + (c.duplicate ?? 0), 0)).toBe(6);
    const [row] = await db.query<{ events: number; contacts: number }>(
      `SELECT (SELECT count(*)::int FROM events WHERE workspace_id = $1 AND external_id LIKE 'twice-%') AS events,
              (SELECT count(*)::int FROM contacts WHERE workspace_id = $1 AND email LIKE 'twice%@example.org') AS contacts`,
      [api.workspaceId],
    );
    expect(row).toEqual({ events: 3, contacts: 3 });
  });

  it('creates no new rows when the same batch is posted again', async () => {
    const before = await rowCounts(db, api.workspaceId);
    const res = await api.call<BatchResult>('POST', '/events', { events: batch });
    expect(res.body.counts).toEqual({ accepted: 0, duplicate: 3, rejected: 0 });
    expect(await rowCounts(db, api.workspaceId)).toEqual(before);
  });

  it('treats a single event retried with the same Idempotency-Key as a duplicate', async () => {
    const event = { type: 'page_view', contact: { email: 'idem@example.org' }, properties: { url: 'https://acme.io/' } };
    const first = await api.call<BatchResult>('POST', '/events', event, { headers: { 'Idempotency-Key': 'k-123' } });
    const again = await api.call<BatchResult>('POST', '/events', event, { headers: { 'Idempotency-Key': 'k-123' } });
    expect(first.body.results[0]).toMatchObject({ status: 'accepted' });
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', eventId: first.body.results[0]!.eventId });
  });

  it('stores properties and fields with quotes, backslashes, braces and other characters exactly as sent', async () => {
    const awkward = 'a "quoted", {braced} \\ back\\slash, NULL, \n newline, ünïcode ✓';
    const res = await api.call<BatchResult>('POST', '/events', {
      events: [
        {
          id: 'awkward-1',
          type: 'page_view',
          occurredAt: '2025-07-01T10:00:00Z',
          contact: { email: 'awkward@example.org', firstName: awkward, city: 'NULL' },
          properties: { url: 'https://acme.io/p?q="x"', note: awkward, nested: { list: [awkward, null, 1.5] } },
        },
      ],
    });
    expect(res.body.counts.accepted).toBe(1);
    const [event] = await db.query<{ properties: Record<string, unknown>; source: { channel: string } }>(
      'SELECT properties, source FROM events WHERE workspace_id = $1 AND external_id = $2',
      [api.workspaceId, 'awkward-1'],
    );
    expect(event!.properties).toEqual({ url: 'https://acme.io/p?q="x"', note: awkward, nested: { list: [awkward, null, 1.5] } });
    expect(event!.source.channel).toBe('direct');
    const [contact] = await db.query<{ first_name: string; city: string; latest_source: { channel: string } }>(
      'SELECT first_name, city, latest_source FROM contacts WHERE workspace_id = $1 AND email = $2',
      [api.workspaceId, 'awkward@example.org'],
    );
    expect(contact).toMatchObject({ first_name: awkward, city: 'NULL', latest_source: { channel: 'direct' } });
  });

  it('rejects a bad item with its reason and accepts the good ones', async () => {
    const before = await rowCounts(db, api.workspaceId);
    const res = await api.call<BatchResult>('POST', '/events', {
      events: [
        { type: 'page_view', contact: { anonymousId: 'v-good' }, properties: { url: 'https://acme.io/' } },
        { type: 'page_vieww', contact: { anonymousId: 'v-bad' } },
        { type: 'page_view', contact: { email: 'not an email' } },
        { type: 'page_view', contact: { id: '0195a1c2-0000-7000-8000-000000000000' } },
        { type: 'page_view', contact: {} },
        { type: 'page_view', occurredAt: 'yesterday', contact: { anonymousId: 'v-bad' } },
        { type: 'custom:trial_started', contact: { email: 'good@example.org' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ accepted: 2, duplicate: 0, rejected: 5 });
    const reasons = res.body.results.filter((r) => r.status === 'rejected').map((r) => [r.index, r.reason]);
    expect(reasons).toEqual([
      [1, expect.stringContaining('not an event type')],
      [2, expect.stringContaining('not a valid email')],
      [3, expect.stringContaining('names no contact')],
      [4, expect.stringContaining('needs an id, an email or an anonymousId')],
      [5, expect.stringContaining('occurredAt')],
    ]);
    const after = await rowCounts(db, api.workspaceId);
    expect(after.events - before.events).toBe(2);
    expect(after.contacts - before.contacts).toBe(1);
  });

  it('refuses a body that is no event nor batch, and a batch over 10,000', async () => {
    expect((await api.call('POST', '/events', [1, 2])).status).toBe(400);
    const big = { events: Array.from({ length: 10_001 }, () => ({ type: 'page_view', contact: { anonymousId: 'x' } })) };
    const res = await api.call('POST', '/events', big);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/at most 10000/);
  });
});

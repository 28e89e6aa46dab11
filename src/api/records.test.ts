import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApi, type ApiClient } from '../../test/api.ts';
import { backends } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';

type Rec = Record<string, unknown> & { id: string };
type Page = { data: Rec[]; nextCursor: string | null };
type Problem = { status: number; title: string; detail: string; errors?: { field: string; message: string }[] };

describe.each(backends)('records API on %s', (kind) => {
  let db: Database;
  let api: ApiClient;
  let other: ApiClient;
  beforeAll(async () => {
    const opened = await openApi(kind);
    db = opened.db;
    api = await opened.client('A');
    other = await opened.client('B');
  });
  afterAll(() => db.close());

  const auditOf = (objectId: string) => api.call<{ data: { action: string; changes: Record<string, { before: unknown; after: unknown }> }[] }>('GET', `/audit?objectId=${objectId}`);

  it('creates a contact with a normalized email and finds or creates its company from a business domain', async () => {
    const first = await api.call<Rec>('POST', '/contacts', { email: '  Ada@Acme.io ', firstName: 'Ada' });
    expect(first.status).toBe(201);
    expect(first.body.email).toBe('ada@acme.io');
    expect(first.body.companyId).toEqual(expect.any(String));
    const second = await api.call<Rec>('POST', '/contacts', { email: 'grace@acme.io' });
    expect(second.body.companyId).toBe(first.body.companyId);
    const company = await api.call<Rec>('GET', `/companies/${first.body.companyId}`);
    expect(company.body).toMatchObject({ domain: 'acme.io', name: 'Acme' });
    const people = await api.call<{ data: Rec[] }>('GET', `/companies/${first.body.companyId}/contacts`);
    expect(people.body.data.map((c) => c.email).sort()).toEqual(['ada@acme.io', 'grace@acme.io']);
  });

  it('does not make companies from free-mail domains', async () => {
    const res = await api.call<Rec>('POST', '/contacts', { email: 'someone@gmail.com' });
    expect(res.status).toBe(201);
    expect(res.body.companyId).toBeNull();
  });

  it('refuses bad input whole with problem+json naming the field, and writes nothing', async () => {
    const before = await api.call<Page>('GET', '/contacts?limit=500');
    const cases: [unknown, string, number][] = [
      [{ email: 'not-an-email' }, 'email', 400],
      [{ email: 'x@y.io', favouriteColour: 'blue' }, 'favouriteColour', 400],
      [{ email: 'x@y.io', firstName: 42 }, 'firstName', 400],
      [{ email: 'x@y.io', properties: { undefinedProp: 1 } }, 'properties.undefinedProp', 400],
      [{ email: 'x@y.io', companyId: '0195f3c4-0000-7000-8000-000000000000' }, 'companyId', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await api.call<Problem>('POST', '/contacts', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.errors?.map((e) => e.field)).toContain(field);
      expect(res.body.detail).toContain(field);
    }
    const malformed = await api.call<Problem>('POST', '/contacts', undefined, { raw: '{"email": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.contentType).toContain('application/problem+json');
    const huge = await api.call<Problem>('POST', '/contacts', { email: 'big@y.io', jobTitle: 'x'.repeat(1024 * 1024 + 10) });
    expect(huge.status).toBe(413);
    expect(huge.contentType).toContain('application/problem+json');
    const after = await api.call<Page>('GET', '/contacts?limit=500');
    expect(after.body.data.length).toBe(before.body.data.length);
  });

  it('answers a duplicate email with 409', async () => {
    await api.call('POST', '/contacts', { email: 'dup@dup.io' });
    const res = await api.call<Problem>('POST', '/contacts', { email: 'DUP@dup.io' });
    expect(res.status).toBe(409);
    expect(res.body.errors?.[0]?.field).toBe('email');
  });

  it('isolates workspaces: a key of one workspace gets 404 for records of another', async () => {
    const mine = await api.call<Rec>('POST', '/contacts', { email: 'private@secret.io' });
    for (const [method, body] of [['GET'], ['PATCH', { firstName: 'X' }], ['DELETE']] as const) {
      const res = await other.call<Problem>(method, `/contacts/${mine.body.id}`, body);
      expect(res.status, method).toBe(404);
    }
    const list = await other.call<Page>('GET', '/contacts?limit=500');
    expect(list.body.data.find((c) => c.id === mine.body.id)).toBeUndefined();
    expect((await api.call('GET', `/contacts/${mine.body.id}`)).status).toBe(200);
  });

  it('writes an audit row for every mutation, with before and after of the changed fields', async () => {
    const created = await api.call<Rec>('POST', '/contacts', { email: 'audit@audit.io', jobTitle: 'CTO' });
    await api.call('PATCH', `/contacts/${created.body.id}`, { jobTitle: 'CEO' });
    await api.call('DELETE', `/contacts/${created.body.id}`);
    const log = await auditOf(created.body.id);
    expect(log.body.data.map((e) => e.action)).toEqual(['contact.delete', 'contact.update', 'contact.create']);
    expect(log.body.data[1]!.changes).toEqual({ jobTitle: { before: 'CTO', after: 'CEO' } });
    expect(log.body.data[2]!.changes.email).toEqual({ before: null, after: 'audit@audit.io' });
    expect((await api.call('GET', `/contacts/${created.body.id}`)).status).toBe(404);
  });

  it('lists with sorting, equality and filter-language filters, and cursor pagination', async () => {
    const ws = await (async () => {
      const emails = ['p1@page.io', 'p2@page.io', 'p3@page.io', 'p4@page.io', 'p5@page.io'];
      for (const [i, email] of emails.entries()) await api.call('POST', '/contacts', { email, jobTitle: i % 2 ? 'VP Sales' : 'Engineer', lastName: `L${5 - i}` });
      return emails;
    })();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Page } = await api.call<Page>('GET', `/contacts?limit=2&sort=lastName&order=asc${cursor ? `&cursor=${cursor}` : ''}&filter=${encodeURIComponent(JSON.stringify({ property: 'email', op: 'ends_with', value: '@page.io' }))}`);
      seen.push(...res.body.data.map((c) => c.email as string));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ws].reverse());
    const vps = await api.call<Page>('GET', `/contacts?filter=${encodeURIComponent(JSON.stringify({ all: [{ property: 'jobTitle', op: 'contains', value: 'vp' }, { property: 'email', op: 'ends_with', value: 'page.io' }] }))}`);
    expect(vps.body.data.map((c) => c.email).sort()).toEqual(['p2@page.io', 'p4@page.io']);
    const bad = await api.call<Problem>('GET', `/contacts?filter=${encodeURIComponent(JSON.stringify({ property: 'email', op: 'nope' }))}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toMatch(/^filter/);
    const byEmail = await api.call<Page>('GET', '/contacts?email=p3@page.io');
    expect(byEmail.body.data).toHaveLength(1);
  });

  it('filters a list on a custom property by its declared type', async () => {
    expect((await api.call('POST', '/properties/contact', { name: 'seats', type: 'number', label: 'Seats' })).status).toBe(201);
    await api.call('POST', '/contacts', { email: 'twelve@seats.io', properties: { seats: 12 } });
    await api.call('POST', '/contacts', { email: 'seven@seats.io', properties: { seats: 7 } });
    // Declared a number, "10" compares as 10; as text, "7" would sort after "10" and match too.
    const filter = { all: [{ property: 'seats', op: 'gt', value: '10' }, { property: 'email', op: 'ends_with', value: '@seats.io' }] };
    const many = await api.call<Page>('GET', `/contacts?filter=${encodeURIComponent(JSON.stringify(filter))}`);
    expect(many.body.data.map((c) => c.email)).toEqual(['twelve@seats.io']);
  });

  it('validates custom properties against the registry', async () => {
    const def = await api.call('POST', '/properties/contact', { name: 'plan', type: 'enum', label: 'Plan', options: ['free', 'pro'] });
    expect(def.status).toBe(201);
    const ok = await api.call<Rec>('POST', '/contacts', { email: 'custom@prop.io', properties: { plan: 'pro' } });
    expect(ok.body.properties).toEqual({ plan: 'pro' });
    const bad = await api.call<Problem>('PATCH', `/contacts/${ok.body.id}`, { properties: { plan: 'gold' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toBe('properties.plan');
    const clash = await api.call('POST', '/properties/contact', { name: 'email', type: 'string', label: 'Email' });
    expect(clash.status).toBe(409);
  });

  it('creates deals with associated contacts and lists them both ways', async () => {
    const contact = await api.call<Rec>('POST', '/contacts', { email: 'buyer@deal.io' });
    const deal = await api.call<Rec>('POST', '/deals', { name: 'Deal.io pilot', stage: 'discovery', amount: 1250000, currency: 'EUR', contactIds: [contact.body.id], companyId: contact.body.companyId });
    expect(deal.status).toBe(201);
    expect(deal.body).toMatchObject({ amount: 1250000, currency: 'EUR', status: 'open', pipeline: 'default' });
    const deals = await api.call<{ data: Rec[] }>('GET', `/contacts/${contact.body.id}/deals`);
    expect(deals.body.data.map((d) => d.id)).toEqual([deal.body.id]);
    expect((await api.call('DELETE', `/deals/${deal.body.id}/contacts/${contact.body.id}`)).status).toBe(204);
    expect((await api.call<{ data: Rec[] }>('GET', `/deals/${deal.body.id}/contacts`)).body.data).toEqual([]);
    const won = await api.call<Rec>('PATCH', `/deals/${deal.body.id}`, { status: 'won' });
    expect(won.body.closedAt).toEqual(expect.any(String));
    expect((await api.call<Problem>('POST', '/deals', { name: 'x', stage: 's', currency: 'euro' })).status).toBe(400);
  });

  it('needs a valid key, and a role that allows the action', async () => {
    expect((await api.call('GET', '/contacts', undefined, { key: '' })).status).toBe(401);
    expect((await api.call('GET', '/contacts', undefined, { key: 'lc_wrong' })).status).toBe(401);
    const viewer = await api.keyFor('viewer');
    expect((await api.call('GET', '/contacts', undefined, { key: viewer })).status).toBe(200);
    const refused = await api.call<Problem>('POST', '/contacts', { email: 'v@v.io' }, { key: viewer });
    expect(refused.status).toBe(403);
    expect(refused.contentType).toContain('application/problem+json');
  });

  it('answers health without a key', async () => {
    const res = await api.call('GET', '/health', undefined, { key: '' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: kind });
  });
});

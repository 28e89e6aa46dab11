import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApi, type ApiClient } from '../../test/api.ts';
import { backends } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';
import { createApp } from './app.ts';

describe.each(backends)('data hygiene API (%s)', (kind) => {
  let db: Database;
  let client: ApiClient;
  let raw: (method: string, path: string, body?: string, contentType?: string) => Promise<Response>;

  beforeAll(async () => {
    const api = await openApi(kind);
    db = api.db;
    client = await api.client();
    const app = createApp(db);
    raw = (method, path, body, contentType = 'text/csv') =>
      Promise.resolve(app.request(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${client.key}`, 'Content-Type': contentType }, ...(body !== undefined ? { body } : {}) }));
  });
  afterAll(async () => db.close());

  it('imports a CSV body and answers with the summary and each rejected row', async () => {
    const csv = 'Email,First Name,Last Name,Country,Phone Number\nann.lee@gmail.com,Ann,Lee,US,+1 415 555 0132\nbroken,X,Y,US,\nannlee@gmail.com,Ann,Lee,US,(415) 555-0132\n';
    const res = await raw('POST', '/imports/contacts?fileName=people.csv', csv);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ created: 2, rejected: 1, rejectedRows: [{ line: 3, reason: 'email: "broken" is not a valid email address' }] });
    const again = (await (await raw('POST', '/imports/contacts?fileName=people.csv', csv)).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 1 });
    const bad = await raw('POST', '/imports/contacts?key=phone', csv);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  it('queues the pair, merges it so the loser id answers with the survivor, and undoes the merge', async () => {
    const scan = await client.call('POST', '/dedup/scan', {});
    expect(scan).toMatchObject({ status: 200, body: { proposed: 1, sharedPhones: [{ phone: '+14155550132', contacts: 2 }] } });
    const queue = await client.call<{ data: { id: string; contacts: { id: string; email: string }[] }[] }>('GET', '/dedup/candidates');
    const [pair] = queue.body.data;
    const [first, second] = pair!.contacts;
    const merged = await client.call<{ survivor: { id: string }; loserId: string; auditId: string }>('POST', `/dedup/candidates/${pair!.id}/merge`, { survivorId: second!.id });
    expect(merged.status).toBe(200);
    expect(merged.body.loserId).toBe(first!.id);
    const viaLoser = await client.call<{ id: string }>('GET', `/contacts/${first!.id}`);
    expect(viaLoser.body.id).toBe(second!.id);
    expect((await client.call('POST', `/dedup/candidates/${pair!.id}/merge`, {})).status).toBe(409);
    const undone = await client.call('POST', `/dedup/merges/${merged.body.auditId}/undo`);
    expect(undone.status).toBe(200);
    expect((await client.call<{ id: string }>('GET', `/contacts/${first!.id}`)).body.id).toBe(first!.id);
    expect((await client.call('GET', '/dedup/candidates')).body).toMatchObject({ data: [{ id: pair!.id, status: 'open' }] });
  });

  it('saves a view with a filter and exports it as CSV and JSON', async () => {
    const view = await client.call<{ id: string }>('POST', '/views', {
      name: 'Anns',
      objectType: 'contact',
      filter: { all: [{ property: 'email', op: 'eq', value: 'annlee@gmail.com' }] },
      sort: 'email',
      columns: ['email', 'firstName', 'country'],
    });
    expect(view.status).toBe(201);
    const csv = await raw('GET', `/views/${view.body.id}/export?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toBe('email,firstName,country\nannlee@gmail.com,Ann,US\n');
    const json = (await (await raw('GET', `/views/${view.body.id}/export?format=json`)).json()) as { email: string }[];
    expect(json.map((r) => r.email)).toEqual(['annlee@gmail.com']);
    const all = (await (await raw('GET', '/exports/contacts?format=json')).json()) as unknown[];
    expect(all).toHaveLength(2);
    const taken = await client.call('POST', '/views', { name: 'Anns', objectType: 'contact' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ detail: 'a contact view named "Anns" already exists', errors: [{ field: 'name', message: 'already taken' }] });
    expect((await client.call('POST', '/views', { name: 'x', objectType: 'company', sort: 'shoeSize' })).status).toBe(400);
    expect((await client.call('PATCH', `/views/${view.body.id}`, { name: 'Ann only' })).body).toMatchObject({ name: 'Ann only' });
    expect((await client.call('DELETE', `/views/${view.body.id}`)).status).toBe(204);
  });

  it('reports contacts missing the fields their stage requires, country, E.164 phones and valid emails, per owner', async () => {
    await db.query(
      `INSERT INTO contacts (workspace_id, id, email, lifecycle_stage, phone, country) VALUES
       ($1, gen_random_uuid(), 'x@mailinator.com', 'sales_qualified', NULL, 'US'), ($1, gen_random_uuid(), NULL, 'lead', '555 0100', NULL)`,
      [client.workspaceId],
    );
    const report = await client.call<Record<string, unknown>>('GET', '/reports/data-quality');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      missingRequired: expect.arrayContaining([
        { ownerId: null, stage: 'lead', field: 'email', contacts: 1 },
        { ownerId: null, stage: 'sales_qualified', field: 'company.name', contacts: 1 },
      ]),
      missingCountry: [{ ownerId: null, contacts: 1 }],
      phoneNotE164: [{ ownerId: null, contacts: 1 }],
      disposableEmail: [{ ownerId: null, contacts: 1 }],
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import type { Database } from './database.ts';
import { EXTERNAL_ID_INDEX, insertEvents, type NewEvent } from './events.ts';
import { newId } from './ids.ts';

describe.each(backends)('insertEvents (%s)', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  const event = (externalId: string | null, properties: Record<string, unknown> = { url: 'https://acme.io/' }): NewEvent => ({
    id: newId(),
    externalId,
    contactId: null,
    anonymousId: 'v-1',
    type: 'page_view',
    occurredAt: '2025-01-01T00:00:00.000Z',
    properties,
  });

  it('writes every event with its values exactly, whatever characters they hold', async () => {
    const workspaceId = await createTestWorkspace(db);
    const awkward = 'tab\there, line\nbreak, return\r, back\\slash, \\N, "quotes", {braces}, émoji 🎉';
    const events = [
      { ...event(awkward, { note: awkward, nested: { list: [1, 2.5, null, true], text: '\\t' } }), anonymousId: awkward, source: { channel: 'direct', referrerDomain: null } },
      event(null, {}),
    ];
    await insertEvents(db, workspaceId, events);
    const rows = await db.query<{ id: string; external_id: string | null; anonymous_id: string; properties: unknown; source: unknown }>(
      'SELECT id, external_id, anonymous_id, properties, source FROM events WHERE workspace_id = $1 ORDER BY external_id NULLS LAST',
      [workspaceId],
    );
    expect(rows).toEqual([
      { id: events[0]!.id, external_id: awkward, anonymous_id: awkward, properties: events[0]!.properties, source: { channel: 'direct', referrerDomain: null } },
      { id: events[1]!.id, external_id: null, anonymous_id: 'v-1', properties: {}, source: null },
    ]);
  });

  it('writes each instant and id exactly as it is given, before the epochs, with an offset, far ahead', async () => {
    const workspaceId = await createTestWorkspace(db);
    const contactId = newId();
    await db.query('INSERT INTO contacts (workspace_id, id) VALUES ($1, $2)', [workspaceId, contactId]);
    const instants = ['1969-07-20T20:17:40.123Z', '1999-12-31T23:59:59.999Z', '2000-01-01T00:00:00.000Z', '2025-06-30T12:34:56.789Z', '2025-01-01T02:00:00+02:00', '2138-01-19T03:14:08.001Z'];
    // Short texts too, ASCII or not.
    const visitor = (i: number) => (i % 2 === 0 ? `v-${i}` : `vé-${i}🎉`);
    const events = instants.map((occurredAt, i) => ({ ...event(`t-${i}`), occurredAt, anonymousId: visitor(i), contactId: i === 0 ? contactId.toUpperCase() : contactId }));
    await insertEvents(db, workspaceId, events);
    const rows = await db.query<{ external_id: string; ms: string | number; contact_id: string; anonymous_id: string }>(
      `SELECT external_id, (extract(epoch FROM occurred_at) * 1000)::bigint::text AS ms, contact_id, anonymous_id FROM events WHERE workspace_id = $1 ORDER BY external_id`,
      [workspaceId],
    );
    expect(rows.map((row) => [row.external_id, Number(row.ms), row.contact_id, row.anonymous_id])).toEqual(instants.map((at, i) => [`t-${i}`, Date.parse(at), contactId, visitor(i)]));
  });

  it('refuses an event whose time or id cannot be written, and writes none of its batch', async () => {
    const workspaceId = await createTestWorkspace(db);
    await expect(insertEvents(db, workspaceId, [event('ok'), { ...event('bad'), occurredAt: 'yesterday' }])).rejects.toThrow('not an instant: yesterday');
    await expect(insertEvents(db, workspaceId, [{ ...event('bad'), id: 'not-a-uuid' }])).rejects.toThrow('not a uuid: not-a-uuid');
    const [{ count }] = (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM events WHERE workspace_id = $1', [workspaceId])) as [{ count: number }];
    expect(count).toBe(0);
  });

  it('fails whole on an external id the workspace already has, naming its index: the caller checks first, and runs again on a race', async () => {
    const workspaceId = await createTestWorkspace(db);
    await insertEvents(db, workspaceId, [event('a')]);
    const error = await db.transaction((tx) => insertEvents(tx, workspaceId, [event('b'), event('a')])).then(
      () => null,
      (e: unknown) => e as { code?: string; constraint?: string; message?: string },
    );
    expect(error?.code).toBe('23505');
    expect(error?.constraint ?? error?.message).toContain(EXTERNAL_ID_INDEX);
    const [{ count }] = (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM events WHERE workspace_id = $1', [workspaceId])) as [{ count: number }];
    expect(count).toBe(1);
  });
});

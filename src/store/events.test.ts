import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import type { Database } from './database.ts';
import { insertEvents, type NewEvent } from './events.ts';
import { newId } from './ids.ts';

describe.each(backends)('insertEvents (%s)', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  const event = (externalId: string | null): NewEvent => ({
    id: newId(),
    externalId,
    contactId: null,
    anonymousId: 'v-1',
    type: 'page_view',
    occurredAt: '2025-01-01T00:00:00.000Z',
    properties: { url: 'https://acme.io/' },
  });

  it('returns the ids it wrote: all of them, or without those whose external id is already stored', async () => {
    const workspaceId = await createTestWorkspace(db);
    const first = [event('a'), event('b'), event(null)];
    expect(await insertEvents(db, workspaceId, first)).toEqual(new Set(first.map((e) => e.id)));
    const again = [event('a'), event('c'), event(null)];
    expect(await insertEvents(db, workspaceId, again)).toEqual(new Set([again[1]!.id, again[2]!.id]));
    const [{ count }] = (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM events WHERE workspace_id = $1', [workspaceId])) as [{ count: number }];
    expect(count).toBe(5);
  });
});

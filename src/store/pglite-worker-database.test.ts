import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { insertEvents } from './events.ts';
import { newId } from './ids.ts';
import { migrate } from './migrate.ts';
import { openPgliteWorker } from './pglite-worker-database.ts';
import { createWorkspace } from './workspaces.ts';

// The server's PGlite, in its worker thread: what crosses to the worker and back.
describe('PGlite in a worker thread', () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leadcycle-worker-'));
    db = openPgliteWorker(join(dir, 'pgdata'));
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies rows in, in a transaction and outside one, and reports a failed COPY with its SQLSTATE', async () => {
    const { id: workspaceId } = await createWorkspace(db, 'Worker', `worker-${newId()}`);
    const event = (externalId: string) => ({ id: newId(), externalId, contactId: null, anonymousId: 'v\t1', type: 'page_view', occurredAt: '2025-01-01T00:00:00.000Z', properties: { url: 'a\nb' } });
    await insertEvents(db, workspaceId, [event('outside')]);
    await db.transaction((tx) => insertEvents(tx, workspaceId, [event('inside')]));
    const failed = await db.transaction((tx) => insertEvents(tx, workspaceId, [event('inside')])).catch((error: { code?: string }) => error.code);
    expect(failed).toBe('23505');
    const rows = await db.query('SELECT external_id, anonymous_id, properties FROM events WHERE workspace_id = $1 ORDER BY external_id', [workspaceId]);
    expect(rows).toEqual([
      { external_id: 'inside', anonymous_id: 'v\t1', properties: { url: 'a\nb' } },
      { external_id: 'outside', anonymous_id: 'v\t1', properties: { url: 'a\nb' } },
    ]);
  });
});

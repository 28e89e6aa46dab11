import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import type { Database, Queryable } from '../store/database.ts';
import { createApiKey } from '../store/workspaces.ts';
import { apiKeyCache } from './api-key-cache.ts';

describe.each(backends)('the API key cache on %s', (kind) => {
  let db: Database;
  let workspaceId: string;
  let lookups: number;
  // The database, counting the key lookups that reach it.
  let counted: Queryable;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    workspaceId = await createTestWorkspace(db);
    counted = { ...db, query: (sql, params) => (lookups++, db.query(sql, params)) };
  });
  afterAll(() => db.close());

  const clock = () => {
    let at = 1_000_000;
    return { now: () => at, pass: (ms: number) => void (at += ms) };
  };

  it('asks the database once per key while the entry is fresh, and the requests in flight share the lookup', async () => {
    const time = clock();
    const keys = apiKeyCache({ ttlMs: 5_000, now: time.now });
    const { id, key } = await createApiKey(db, workspaceId, { role: 'viewer' });
    lookups = 0;
    const found = await Promise.all([keys.find(counted, key), keys.find(counted, key), keys.find(counted, key)]);
    expect(found.map((p) => p?.keyId)).toEqual([id, id, id]);
    time.pass(4_999);
    expect((await keys.find(counted, key))?.role).toBe('viewer');
    expect(lookups).toBe(1);
  });

  it('refuses a key revoked in the database once its entry expires', async () => {
    const time = clock();
    const keys = apiKeyCache({ ttlMs: 5_000, now: time.now });
    const { id, key } = await createApiKey(db, workspaceId, { role: 'admin' });
    expect(await keys.find(counted, key)).not.toBeNull();
    await db.query('UPDATE api_keys SET revoked_at = now() WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    time.pass(5_000);
    expect(await keys.find(counted, key)).toBeNull();
  });

  it('never remembers a key that was not valid, so a key made a moment later works at once', async () => {
    const keys = apiKeyCache({ now: clock().now });
    lookups = 0;
    expect(await keys.find(counted, 'lc_not-a-key')).toBeNull();
    expect(await keys.find(counted, 'lc_not-a-key')).toBeNull();
    expect(lookups).toBe(2);
  });

  it('holds at most maxEntries keys, letting the oldest go first', async () => {
    const keys = apiKeyCache({ maxEntries: 2, now: clock().now });
    const made = await Promise.all([1, 2, 3].map(() => createApiKey(db, workspaceId, { role: 'member' })));
    for (const { key } of made) await keys.find(counted, key);
    lookups = 0;
    await keys.find(counted, made[2]!.key);
    await keys.find(counted, made[1]!.key);
    expect(lookups).toBe(0);
    await keys.find(counted, made[0]!.key);
    expect(lookups).toBe(1);
  });
});

// The API read load shared by api-reads and memory: a generated workspace, the real server on a loopback
// port, 50 concurrent clients asking for contacts by id and for a filtered list, and the same reads as bare
// SQL at the same concurrency.

import { startServer } from '../src/api/server.ts';
import { createApiKey } from '../src/store/workspaces.ts';
import type { BenchContext } from './benchmark.ts';
import { generateWorkspace } from './generate/generate-workspace.ts';
import { type LoadResult, runLoad } from './measure.ts';

export const CONCURRENCY = 50;
const REQUESTS = 2_000;
const MAX_SECONDS = 30;
const SAMPLE_IDS = 1_000;

const FILTER = { all: [{ property: 'lifecycleStage', op: 'eq', value: 'marketing_qualified' }, { property: 'country', op: 'in', value: ['US', 'GB'] }] };
const LIST_SQL =
  'SELECT r.* FROM contacts r WHERE r.workspace_id = $1 AND r.lifecycle_stage = $2 AND r.country = ANY($3) AND r.merged_into IS NULL ORDER BY r.created_at ASC NULLS LAST, r.id ASC LIMIT 51';

export type ReadFigures = { byId: LoadResult; list: LoadResult };

export type ApiReadLoad = {
  /** The reads over HTTP. */
  api: () => Promise<ReadFigures>;
  /** The same reads as bare SQL on the same database. */
  sql: () => Promise<ReadFigures>;
  close: () => Promise<void>;
};

export const openApiReadLoad = async ({ backend, size, seed, log }: BenchContext): Promise<ApiReadLoad> => {
  const { db } = backend;
  const workspaceId = await backend.newWorkspace('api-reads');
  const sink = await backend.sink();
  // Reads do not look at events; two per contact keep the setup short.
  await generateWorkspace(sink, workspaceId, { size, seed, eventsPerContact: 2 }).finally(() => sink.close());
  await db.exec('ANALYZE');
  log(`generated ${size} contacts`);
  const ids = (await db.query<{ id: string }>('SELECT id FROM contacts WHERE workspace_id = $1 ORDER BY random() LIMIT $2', [workspaceId, SAMPLE_IDS])).map((r) => r.id);
  const { key } = await createApiKey(db, workspaceId, { role: 'viewer', name: 'bench' });
  const server = await startServer(db, 0, '127.0.0.1');
  const base = server.url.replace('localhost', '127.0.0.1');
  const headers = { Authorization: `Bearer ${key}` };
  const listUrl = `${base}/api/v1/contacts?limit=50&filter=${encodeURIComponent(JSON.stringify(FILTER))}`;
  const get = async (url: string) => {
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  };
  const options = { concurrency: CONCURRENCY, requests: REQUESTS, maxSeconds: MAX_SECONDS };
  return {
    api: async () => ({
      byId: await runLoad((i) => get(`${base}/api/v1/contacts/${ids[i % ids.length]}`), options),
      list: await runLoad(() => get(listUrl), options),
    }),
    sql: async () => ({
      byId: await runLoad(async (i) => void (await db.query('SELECT * FROM contacts WHERE workspace_id = $1 AND id = $2', [workspaceId, ids[i % ids.length]])), options),
      list: await runLoad(async () => void (await db.query(LIST_SQL, [workspaceId, 'marketing_qualified', ['US', 'GB']])), options),
    }),
    close: () => server.close(),
  };
};

// The API read load shared by api-reads and memory: a generated workspace, the real server started as users start
// it (`leadcycle start`, a process of its own), 50 concurrent keep-alive connections from a lean client asking
// for contacts by id and for a filtered list, and the same reads as bare SQL at the same concurrency from this
// process's own pool.

import { Pool } from 'undici';
import { createApiKey } from '../src/store/workspaces.ts';
import type { BenchContext } from './benchmark.ts';
import { keptWorkspace } from './kept-workspace.ts';
import { type LoadResult, runLoad } from './measure.ts';
import { sampleMax, type ServerProcess, startServerProcess } from './server-process.ts';

export const CONCURRENCY = 50;
const REQUESTS = 5_000;
const MAX_SECONDS = 30;
/**
 * Each side first runs this many calls unmeasured: connections opened, code compiled, caches warm, the heap grown to
 * its working size. Measured on 1M contacts, a fresh server's first 3,000 list calls had a p99 of 574 ms and the
 * next 6,000 one of 100 ms: 500 calls left the list's figure measuring the server's start.
 */
const WARM_UP = 3_000;
const SAMPLE_IDS = 1_000;
/** Reads do not look at events; two per contact keep the setup short. */
const EVENTS_PER_CONTACT = 2;

const FILTER = { all: [{ property: 'lifecycleStage', op: 'eq', value: 'marketing_qualified' }, { property: 'country', op: 'in', value: ['US', 'GB'] }] };
/** The list by hand: the stage as the stage index holds it (case-folded, as the filter compares it), the country as stored. */
const LIST_SQL =
  'SELECT r.* FROM contacts r WHERE r.workspace_id = $1 AND lower(r.lifecycle_stage COLLATE "C") = $2 AND r.country = ANY($3) AND r.merged_into IS NULL ORDER BY r.created_at ASC NULLS LAST, r.id ASC LIMIT 51';

export type ReadFigures = { byId: LoadResult; list: LoadResult };

/** A load on the server, with the CPU time the server process spent per request meanwhile. */
export type ServerLoadResult = LoadResult & { serverCpuMsPerRequest: number };

export type ApiReadLoad = {
  /** The same reads as bare SQL on the same database. On PGlite, call it before `startServer`. */
  sql: () => Promise<ReadFigures>;
  /** Starts `leadcycle start` on this database. On PGlite the server takes the database over. */
  startServer: () => Promise<ServerProcess>;
  /** The reads over HTTP, and the server's highest resident memory meanwhile. */
  api: () => Promise<{ byId: ServerLoadResult; list: ServerLoadResult; peakRssMiB: number }>;
  close: () => Promise<void>;
};

export const openApiReadLoad = async (ctx: BenchContext): Promise<ApiReadLoad> => {
  const { backend, log } = ctx;
  const { db } = backend;
  const workspaceId = await keptWorkspace(ctx, 'api-reads', EVENTS_PER_CONTACT);
  // A fixed sample (by a hash of the id), so every run on a kept workspace asks for the same contacts.
  const ids = (
    await db.query<{ id: string }>('SELECT id FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL ORDER BY md5(id::text) LIMIT $2', [workspaceId, SAMPLE_IDS])
  ).map((r) => r.id);
  const { id: keyId, key } = await createApiKey(db, workspaceId, { role: 'viewer', name: 'bench api-reads' });
  const options = { concurrency: CONCURRENCY, requests: REQUESTS, maxSeconds: MAX_SECONDS };
  const warmUp = { concurrency: CONCURRENCY, requests: WARM_UP, maxSeconds: MAX_SECONDS };
  const measured = async (call: (index: number) => Promise<void>): Promise<LoadResult> => {
    await runLoad(call, warmUp);
    return runLoad(call, options);
  };

  let server: ServerProcess | null = null;
  let client: Pool | null = null;
  let handedOver = false;
  const listPath = `/api/v1/contacts?limit=50&filter=${encodeURIComponent(JSON.stringify(FILTER))}`;
  const headers = { authorization: `Bearer ${key}` };
  const get = async (path: string) => {
    const res = await client!.request({ method: 'GET', path, headers });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
  };

  return {
    sql: async () => {
      if (handedOver && backend.kind === 'pglite') throw new Error('on PGlite the bare SQL runs before the server takes the database over');
      return {
        byId: await measured(async (i) => void (await db.query('SELECT * FROM contacts WHERE workspace_id = $1 AND id = $2', [workspaceId, ids[i % ids.length]]))),
        list: await measured(async () => void (await db.query(LIST_SQL, [workspaceId, 'marketing_qualified', ['US', 'GB']]))),
      };
    },
    startServer: async () => {
      const { env, args } = await backend.handOver();
      handedOver = true;
      server = await startServerProcess({ env, args, log });
      client = new Pool(server.url, { connections: CONCURRENCY, pipelining: 1 });
      return server;
    },
    api: async () => {
      const running = server;
      if (!running) throw new Error('start the server first');
      // CPU time is the figure the other tenants of a shared machine disturb least.
      const onServer = async (call: (index: number) => Promise<void>): Promise<ServerLoadResult> => {
        await runLoad(call, warmUp);
        const cpuBefore = running.cpuSeconds();
        const result = await runLoad(call, options);
        return { ...result, serverCpuMsPerRequest: ((running.cpuSeconds() - cpuBefore) * 1000) / result.requests };
      };
      const peak = sampleMax(running.rssMiB);
      try {
        return {
          byId: await onServer((i) => get(`/api/v1/contacts/${ids[i % ids.length]}`)),
          list: await onServer(() => get(listPath)),
          peakRssMiB: peak.stop(),
        };
      } finally {
        peak.stop();
      }
    },
    close: async () => {
      await client?.close();
      await server?.stop();
      // A kept workspace keeps no keys; on PGlite the whole database goes with the scratch directory.
      if (backend.kind === 'postgres') await db.query('DELETE FROM api_keys WHERE workspace_id = $1 AND id = $2', [workspaceId, keyId]);
    },
  };
};

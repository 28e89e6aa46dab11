// Contact by id and a filtered contact list over real HTTP at 50 concurrent connections, against the same reads
// as bare SQL at the same concurrency. The server is `leadcycle start` in a process of its own; the client is a
// keep-alive pool in this process.

import { openApiReadLoad } from './api-read-load.ts';
import type { Benchmark } from './benchmark.ts';
import { round } from './measure.ts';

export const benchmark: Benchmark = {
  name: 'api-reads',
  description: 'p50/p99 of GET /contacts/{id} and a filtered GET /contacts at 50 connections vs the bare SQL',
  unit: 'contacts',
  defaultSize: 20_000,
  run: async (ctx) => {
    const load = await openApiReadLoad(ctx);
    try {
      const sql = await load.sql();
      const server = await load.startServer();
      const api = await load.api();
      if (api.byId.errors + api.list.errors > 0) throw new Error(`${api.byId.errors + api.list.errors} API requests failed, the first: ${api.byId.firstError ?? api.list.firstError}`);
      return {
        figures: {
          byIdP50Ms: round(api.byId.p50Ms), byIdP99Ms: round(api.byId.p99Ms), byIdPerSecond: round(api.byId.perSecond, 0),
          listP50Ms: round(api.list.p50Ms), listP99Ms: round(api.list.p99Ms), listPerSecond: round(api.list.perSecond, 0),
          requests: api.byId.requests + api.list.requests,
          byIdServerCpuMs: round(api.byId.serverCpuMsPerRequest, 3),
          listServerCpuMs: round(api.list.serverCpuMsPerRequest, 3),
          serverPeakRssMiB: api.peakRssMiB,
          serverRssAfterMiB: server.rssMiB(),
        },
        baseline: {
          byIdP50Ms: round(sql.byId.p50Ms), byIdP99Ms: round(sql.byId.p99Ms), byIdPerSecond: round(sql.byId.perSecond, 0),
          listP50Ms: round(sql.list.p50Ms), listP99Ms: round(sql.list.p99Ms), listPerSecond: round(sql.list.perSecond, 0),
        },
        ratio: round(api.byId.p99Ms / sql.byId.p99Ms),
        ratioOf: 'API p99 ÷ bare SQL p99, contact by id',
        ratios: { byIdP99: round(api.byId.p99Ms / sql.byId.p99Ms), listP99: round(api.list.p99Ms / sql.list.p99Ms) },
        notes:
          'server: `leadcycle start` in its own process; client: undici keep-alive pool; each side warmed up before it is measured; *ServerCpuMs: the server process\'s CPU time per request',
      };
    } finally {
      await load.close();
    }
  },
};

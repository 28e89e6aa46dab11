// The server's resident memory (VmRSS of the `leadcycle start` process): idle with a loaded workspace once it has
// settled, at its peak under the api-reads load, and after it. Baseline: a bare Node process, idle.

import { spawn } from 'node:child_process';
import { openApiReadLoad } from './api-read-load.ts';
import type { Benchmark } from './benchmark.ts';
import { round } from './measure.ts';
import { vmRssMiB } from './server-process.ts';

const SETTLE_MS = 3_000;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/** The floor: what Node itself holds when it runs nothing. */
const bareNodeRssMiB = async (): Promise<number> => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await settle();
    return vmRssMiB(child.pid!);
  } finally {
    child.kill('SIGTERM');
  }
};

export const benchmark: Benchmark = {
  name: 'memory',
  description: 'server RSS idle, at its peak under the api-reads load and after it, vs a bare Node process',
  unit: 'contacts',
  defaultSize: 20_000,
  run: async (ctx) => {
    const load = await openApiReadLoad(ctx);
    try {
      const server = await load.startServer();
      await settle();
      const idle = server.rssMiB();
      const helpers = server.childrenRssMiB();
      const api = await load.api();
      await settle();
      const after = server.rssMiB();
      const bare = await bareNodeRssMiB();
      return {
        figures: { idleRssMiB: idle, peakRssMiB: api.peakRssMiB, afterLoadRssMiB: after, childProcessesRssMiB: helpers },
        baseline: { bareNodeRssMiB: bare },
        ratio: round(idle / bare),
        ratioOf: 'idle server RSS ÷ bare Node RSS',
        ratios: { peak: round(api.peakRssMiB / bare), afterLoad: round(after / bare) },
        notes: `${ctx.backend.kind === 'pglite' ? 'PGlite runs inside the server process, so its memory counts' : 'PostgreSQL memory is outside the server process'}; childProcessesRssMiB: what the server started (tsx's esbuild service), not in the other figures`,
      };
    } finally {
      await load.close();
    }
  },
};

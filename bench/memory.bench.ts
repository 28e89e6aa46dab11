// The server process's resident memory: idle with a loaded workspace, and at its peak under the api-reads load.
// Baseline: the same process before the server started (Node, the code and, on PGlite, the database).

import { openApiReadLoad } from './api-read-load.ts';
import type { Benchmark } from './benchmark.ts';
import { round, rssMiB } from './measure.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

export const benchmark: Benchmark = {
  name: 'memory',
  description: 'server RSS idle and under the api-reads load vs the process before the server started',
  unit: 'contacts',
  defaultSize: 20_000,
  run: async (ctx) => {
    const before = rssMiB();
    const load = await openApiReadLoad(ctx);
    try {
      await settle();
      const idle = rssMiB();
      let peak = idle;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 50);
      await load.api().finally(() => clearInterval(sampler));
      return {
        figures: { idleRssMiB: idle, peakRssMiB: peak },
        baseline: { processRssMiB: before },
        ratio: round(idle / before),
        ratioOf: 'idle RSS with the server ÷ RSS before it started',
        ratios: { peak: round(peak / before) },
        notes: ctx.backend.kind === 'pglite' ? 'PGlite runs in this process, so its memory counts in every figure' : 'PostgreSQL memory is outside the process',
      };
    } finally {
      await load.close();
    }
  },
};

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const VERSION = '0.1.0';

export const registerHealthRoute = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['System'],
      summary: 'Liveness and database reachability (no key needed)',
      responses: {
        200: {
          description: 'Healthy',
          content: { 'application/json': { schema: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() }).openapi('Health') } },
        },
        503: problemResponse('The database does not answer'),
      },
    }),
    async (c) => {
      await c.var.db.query('SELECT 1');
      return c.json({ status: 'ok' as const, database: c.var.db.kind, version: VERSION }, 200);
    },
  );

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listAudit } from '../../store/audit.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const auditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string().nullable(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
    reason: z.string().nullable(),
  })
  .openapi('AuditEntry');

export const registerAuditRoutes = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags: ['Audit'],
      summary: 'The audit log, newest first',
      request: {
        query: z.object({
          objectType: z.string().optional(),
          objectId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: {
        200: { description: 'Entries', content: { 'application/json': { schema: z.object({ data: z.array(auditEntry) }) } } },
        401: problemResponse('No valid API key'),
        403: problemResponse('Not allowed'),
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'audit:read');
      return c.json({ data: await listAudit(ctx.db, ctx.workspaceId, c.req.valid('query')) }, 200);
    },
  );

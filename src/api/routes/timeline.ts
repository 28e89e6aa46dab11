import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { contactTimeline } from '../../engine/ingest/timeline.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const entrySchema = z
  .object({
    kind: z.enum(['event', 'transition', 'change']),
    id: z.uuid(),
    at: z.string().openapi({ format: 'date-time' }),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('TimelineEntry');

export const registerTimelineRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/timeline',
      tags: ['Contacts'],
      summary: 'A contact’s events, stage transitions and changes, newest first',
      request: {
        params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }),
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().optional().openapi({ description: 'the `nextCursor` of the previous page' }),
        }),
      },
      responses: {
        200: { description: 'A page of the timeline', content: { 'application/json': { schema: z.object({ data: z.array(entrySchema), nextCursor: z.string().nullable() }) } } },
        400: problemResponse('The request is invalid'),
        401: problemResponse('No valid API key'),
        404: problemResponse('No such contact'),
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:read');
      const { limit, cursor } = c.req.valid('query');
      return c.json(await contactTimeline(ctx, c.req.valid('param').id, { limit, ...(cursor ? { cursor } : {}) }), 200);
    },
  );
};

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { getJob } from '../../engine/jobs/jobs-service.ts';
import { JOB_NAMES } from '../../store/job-queue.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const rescoreResult = z
  .object({ examined: z.number().int(), moved: z.number().int(), rescored: z.number().int(), configVersion: z.number().int() })
  .openapi('RescoreResult');

const sweepResult = z.object({ queued: z.number().int().openapi({ description: 'workspaces whose job it queued' }) }).openapi('SweepResult');

const attributionRefreshResult = z
  .object({ contacts: z.number().int(), conversions: z.number().int().openapi({ description: 'conversions whose credits it stored' }) })
  .openapi('AttributionRefreshResult');

export const jobSchema = z
  .object({
    id: z.uuid(),
    name: z.enum(JOB_NAMES),
    state: z.enum(['created', 'retry', 'active', 'completed', 'cancelled', 'failed']).openapi({
      description: 'created: waiting for a worker; retry: failed and waiting to run again; active: running; completed, cancelled, failed: ended',
    }),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    retries: z.number().int(),
    result: z.union([rescoreResult, sweepResult, attributionRefreshResult]).nullable().openapi({ description: 'what a completed job returned (a rescore: its counts); null until then' }),
    error: z.string().nullable().openapi({ description: 'why a failed job failed' }),
  })
  .openapi('Job');

/** The path a job is followed at, for a Location header. */
export const jobPath = (id: string) => `/api/v1/jobs/${id}`;

export const registerJobRoutes = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(
    createRoute({
      method: 'get',
      path: '/jobs/{id}',
      tags: ['Jobs'],
      summary: 'A background job this workspace asked for: its state, and its result once it has ended',
      request: { params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: {
        200: { description: 'The job', content: { 'application/json': { schema: jobSchema } } },
        401: problemResponse('No valid API key'),
        403: problemResponse('Not allowed'),
        404: problemResponse('No such job in this workspace'),
      },
    }),
    async (c) => c.json(await getJob(authorize(c, 'records:read'), c.req.valid('param').id), 200),
  );

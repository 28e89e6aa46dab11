import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { changeLifecycle, getLifecycle } from '../../engine/lifecycle-service.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const idParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const transitionSchema = z
  .object({
    from: z.string().nullable(),
    to: z.string(),
    enteredAt: z.string(),
    exitedAt: z.string().nullable(),
    cause: z.object({ type: z.string(), eventId: z.string().nullable(), actorId: z.string().nullable() }),
    skipped: z.boolean(),
    reason: z.string().nullable(),
    configVersion: z.number().nullable(),
  })
  .openapi('Transition');

const lifecycleSchema = z
  .object({
    stage: z.string().nullable(),
    status: z.string().nullable(),
    stageEnteredAt: z.string().nullable(),
    transitions: z.array(transitionSchema),
    stageTimes: z.array(
      z.object({
        stage: z.string(),
        firstEnteredAt: z.string(),
        lastExitedAt: z.string().nullable(),
        latestMs: z.number(),
        cumulativeMs: z.number(),
        visits: z.number(),
      }),
    ),
  })
  .openapi('Lifecycle');

const moveSchema = z
  .union([
    z.strictObject({ stage: z.string().min(1), reason: z.string().trim().min(1).max(1000).optional() }),
    z.strictObject({ recycle: z.literal(true), reason: z.string().trim().min(1).max(1000) }),
  ])
  .openapi('LifecycleChange', {
    description: '`{ "stage", "reason"? }` moves (backward only for admins, with a reason); `{ "recycle": true, "reason" }` recycles',
  });

const errors = {
  400: problemResponse('Refused: unknown stage or reason, or missing required fields (listed in `errors` and `missingFields`)'),
  401: problemResponse('No valid API key'),
  403: problemResponse('Not allowed (a backward move needs an admin)'),
  404: problemResponse('No such contact'),
  409: problemResponse('Already in that stage'),
};

export const registerLifecycleRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/lifecycle',
      tags: ['Lifecycle'],
      summary: 'Current stage and status, stage history, and time in each stage',
      request: { params: idParams },
      responses: { 200: { description: 'Lifecycle', content: { 'application/json': { schema: lifecycleSchema } } }, ...errors },
    }),
    async (c) => c.json(await getLifecycle(authorize(c, 'records:read'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/{id}/lifecycle',
      tags: ['Lifecycle'],
      summary: 'Move or recycle a contact',
      request: { params: idParams, body: { content: { 'application/json': { schema: moveSchema } }, required: true } },
      responses: { 200: { description: 'The lifecycle after the change', content: { 'application/json': { schema: lifecycleSchema } } }, ...errors },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:write');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      await changeLifecycle(ctx, id, 'recycle' in body ? { recycle: true, reason: body.reason } : { stage: body.stage, reason: body.reason ?? null });
      return c.json(await getLifecycle(ctx, id), 200);
    },
  );
};

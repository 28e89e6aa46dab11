import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { invalid } from '../../engine/app-error.ts';
import { createIntegration, INTEGRATION_PRESETS, listIntegrations, receiveHook } from '../../engine/ingest/integrations-service.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const path = z.string().min(1).max(500);
const mappingSchema = z
  .strictObject({
    id: path.optional(),
    occurredAt: path.optional(),
    contact: z.partialRecord(z.enum(['id', 'email', 'anonymousId', 'firstName', 'lastName', 'phone', 'jobTitle', 'company', 'country', 'city']), path),
    properties: z.record(z.string(), path).optional(),
    constants: z.record(z.string(), z.string()).optional(),
  })
  .openapi('FieldMapping', { description: 'JSON paths (`a.b[0]`, `field_data[name=email].values[0]`) into the payload' });

const integrationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    preset: z.string().nullable(),
    eventType: z.string(),
    mapping: mappingSchema,
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .openapi('Integration');

const presets = Object.keys(INTEGRATION_PRESETS) as [keyof typeof INTEGRATION_PRESETS, ...(keyof typeof INTEGRATION_PRESETS)[]];

const errors = {
  400: problemResponse('The request is invalid; `errors` names each field'),
  401: problemResponse('No valid API key'),
  403: problemResponse('Only admins manage integrations'),
};

export const registerIntegrationRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/integrations',
      tags: ['Integrations'],
      summary: 'Create an inbound integration (ad lead forms, chat)',
      description: 'Returns the token once: post payloads to `hookUrl`. A preset brings its event type and mapping; either may be overridden.',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z
                .strictObject({ name: z.string().trim().min(1).max(255), preset: z.enum(presets).optional(), eventType: z.enum(['ad_lead', 'chat_started']).optional(), mapping: mappingSchema.optional() })
                .openapi('IntegrationCreate'),
            },
          },
          required: true,
        },
      },
      responses: {
        201: { description: 'The integration, its token (shown once) and its public URL', content: { 'application/json': { schema: z.object({ integration: integrationSchema, token: z.string(), hookUrl: z.string() }) } } },
        ...errors,
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'keys:manage');
      const { integration, token } = await createIntegration(ctx, c.req.valid('json'));
      return c.json({ integration, token, hookUrl: `/hooks/${integration.id}?token=${token}` }, 201);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/integrations', tags: ['Integrations'], summary: 'List inbound integrations', responses: { 200: { description: 'Integrations', content: { 'application/json': { schema: z.object({ data: z.array(integrationSchema) }) } } }, ...errors } }),
    async (c) => c.json({ data: await listIntegrations(authorize(c, 'keys:manage')) }, 200),
  );
};

/** The keyless inbound URL: the integration's token authenticates the sender. */
export const registerHookRoutes = (app: Hono<AppEnv>) => {
  app.post('/hooks/:integrationId', async (c) => {
    let payload: unknown;
    try {
      payload = await c.req.json();
    } catch {
      throw invalid('the payload must be JSON', [{ field: '(body)', message: 'not JSON' }]);
    }
    return c.json(await receiveHook(c.var.db, c.req.param('integrationId'), c.req.query('token') ?? '', payload), 200);
  });
};

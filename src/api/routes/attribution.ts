import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { CHANNELS } from '../../domain/attribution/channel.ts';
import { ATTRIBUTION_MODELS } from '../../domain/attribution/models.ts';
import { ATTRIBUTION_METRICS, attributionReport } from '../../engine/ingest/attribution-report.ts';
import { setOriginalSource } from '../../engine/ingest/original-source.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const errors = {
  400: problemResponse('The request is invalid; `errors` names each field'),
  401: problemResponse('No valid API key'),
  403: problemResponse('The key’s role does not allow this'),
};

const originalSourceBody = z
  .strictObject({
    source: z.strictObject({
      channel: z.enum(CHANNELS),
      campaign: z.string().max(255).nullable().default(null),
      source: z.string().max(255).nullable().default(null),
      medium: z.string().max(255).nullable().default(null),
      term: z.string().max(255).nullable().default(null),
      referrerDomain: z.string().max(255).nullable().default(null),
      at: z.iso.datetime({ offset: true }),
    }),
    reason: z.string().trim().min(1).max(1000).openapi({ description: 'why the original source is changed: kept in the audit log' }),
  })
  .openapi('OriginalSourceEdit');

export const registerAttributionRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/contacts/{id}/original-source',
      tags: ['Contacts'],
      summary: 'Set a contact’s original source by hand (admins, audited)',
      description: 'The original source is otherwise set once from the first touch; an edit pins it.',
      request: {
        params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }),
        body: { content: { 'application/json': { schema: originalSourceBody } }, required: true },
      },
      responses: {
        200: { description: 'The new original source', content: { 'application/json': { schema: z.object({ originalSource: z.record(z.string(), z.unknown()) }) } } },
        ...errors,
        404: problemResponse('No such contact'),
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'source:edit');
      const { source, reason } = c.req.valid('json');
      return c.json({ originalSource: await setOriginalSource(ctx, c.req.valid('param').id, source, reason) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/attribution',
      tags: ['Reports'],
      summary: 'Credit channels or campaigns with conversions under an attribution model',
      request: {
        query: z.object({
          model: z.enum(ATTRIBUTION_MODELS).default('first_touch'),
          metric: z.enum(ATTRIBUTION_METRICS).default('contacts'),
          by: z.enum(['channel', 'campaign']).default('channel'),
          from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'conversions at or after' }),
          to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'conversions before' }),
        }),
      },
      responses: {
        200: {
          description: 'Credits per key; they add up to `total`',
          content: {
            'application/json': {
              schema: z
                .object({
                  model: z.enum(ATTRIBUTION_MODELS),
                  metric: z.enum(ATTRIBUTION_METRICS),
                  by: z.enum(['channel', 'campaign']),
                  unit: z.enum(['count', 'minor_units']),
                  conversions: z.number().int(),
                  total: z.number(),
                  rows: z.array(z.object({ key: z.string(), credit: z.number() })),
                })
                .openapi('AttributionReport'),
            },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:read', 'report');
      const { from, to, ...rest } = c.req.valid('query');
      return c.json(await attributionReport(ctx, { ...rest, ...(from ? { from } : {}), ...(to ? { to } : {}) }), 200);
    },
  );
};

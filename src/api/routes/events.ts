import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { invalid } from '../../engine/app-error.ts';
import { ingestEvents, MAX_BATCH } from '../../engine/ingest/ingest-events.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

// Items are checked one by one by the engine, so that a bad item is rejected with its reason while the
// good ones are accepted; the schemas here document the shape and refuse only what is not a batch.

export const eventInputSchema = z
  .object({
    id: z.string().max(200).optional().openapi({ description: 'your id for the event: a retry with the same id is a duplicate' }),
    type: z.string().openapi({ description: 'a built-in event type (page_view, form_submitted, …) or custom:<name>' }),
    occurredAt: z.string().optional().openapi({ format: 'date-time', description: 'defaults to the time received' }),
    contact: z
      .object({
        id: z.uuid().optional(),
        email: z.string().optional(),
        anonymousId: z.string().optional().openapi({ description: 'the first-party visitor id of the tracker' }),
        firstName: z.string().optional(),
        lastName: z.string().optional(),
        jobTitle: z.string().optional(),
        phone: z.string().optional(),
        country: z.string().optional(),
        city: z.string().optional(),
        company: z.string().optional().openapi({ description: 'names the company made from a business email domain' }),
      })
      .openapi({ description: 'names the contact by id, email or anonymousId; other fields fill or overwrite the contact' }),
    properties: z.record(z.string(), z.unknown()).optional().openapi({ description: 'url, referrer, utm_*, gclid, formId, …' }),
  })
  .openapi('EventInput');

const itemResultSchema = z
  .object({
    index: z.number().int(),
    status: z.enum(['accepted', 'duplicate', 'rejected']),
    eventId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    reason: z.string().optional(),
  })
  .openapi('EventResult');

const batchResultSchema = z
  .object({
    results: z.array(itemResultSchema),
    counts: z.object({ accepted: z.number().int(), duplicate: z.number().int(), rejected: z.number().int() }),
  })
  .openapi('EventBatchResult');

const batchSchema = z.object({ events: z.array(eventInputSchema).max(MAX_BATCH) }).openapi('EventBatch');

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const registerEventRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openAPIRegistry.register('EventBatch', batchSchema);
  app.openapi(
    createRoute({
      method: 'post',
      path: '/events',
      tags: ['Events'],
      summary: 'Record one event or a batch of up to 10,000',
      description:
        'Idempotent by event `id` (or the `Idempotency-Key` header for a single event): a retry never creates a second event or contact. Each item is accepted, a duplicate, or rejected with a reason.',
      request: {
        headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
        // Any JSON here: each item is checked on its own by the engine. The shapes are the EventInput and
        // EventBatch components.
        body: {
          content: { 'application/json': { schema: z.unknown().openapi({ description: 'an EventInput, or an EventBatch `{ "events": [EventInput, …] }`' }) } },
          required: true,
        },
      },
      responses: {
        200: { description: 'Per-item results and counts', content: { 'application/json': { schema: batchResultSchema } } },
        400: problemResponse('The body is not an event nor a batch, or the batch is too large'),
        401: problemResponse('No valid API key'),
        403: problemResponse('The key’s role does not allow this'),
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:write');
      const body: unknown = c.req.valid('json');
      if (!isRecord(body)) throw invalid('send one event, or { "events": [...] }', [{ field: '(body)', message: 'not an event nor a batch' }]);
      const items: unknown[] = Array.isArray(body.events) ? body.events : [body];
      if (items.length > MAX_BATCH) {
        throw invalid(`a batch holds at most ${MAX_BATCH} events; this one has ${items.length}`, [{ field: 'events', message: `more than ${MAX_BATCH} items` }]);
      }
      const result = await ingestEvents(ctx, items, { idempotencyKey: c.req.valid('header')['idempotency-key'] ?? null });
      return c.json(result, 200);
    },
  );
};

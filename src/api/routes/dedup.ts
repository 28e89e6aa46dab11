import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { dismissCandidate, listCandidates, mergeCandidate } from '../../engine/dedup/duplicate-candidates.ts';
import { undoMerge } from '../../engine/dedup/merge.ts';
import { scanDuplicates } from '../../engine/dedup/scan-duplicates.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const errors = {
  400: problemResponse('The request is invalid'),
  401: problemResponse('No valid API key'),
  403: problemResponse('The key’s role does not allow this'),
};

const idParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const record = z.record(z.string(), z.unknown());

const scanSummary = z
  .object({
    scanned: z.number().int(),
    found: z.number().int(),
    proposed: z.number().int(),
    autoMerged: z.number().int(),
    sharedPhones: z.array(z.object({ phone: z.string(), contacts: z.number().int() })),
  })
  .openapi('DedupScanSummary');

const candidate = z
  .object({
    id: z.string(),
    score: z.number(),
    matchedFields: z.array(z.unknown()),
    status: z.enum(['open', 'merged', 'dismissed']),
    createdAt: z.string(),
    contacts: z.array(record),
  })
  .openapi('DuplicateCandidate');

const mergeResult = z.object({ survivor: record, loserId: z.string(), auditId: z.string().openapi({ description: 'undo with POST /dedup/merges/{auditId}/undo within 30 days' }) }).openapi('MergeResult');

export const registerDedupRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/dedup/scan',
      tags: ['Data hygiene'],
      summary: 'Scan contacts for duplicates and queue new candidate pairs for review',
      request: { body: { content: { 'application/json': { schema: z.object({ autoMerge: z.boolean().default(false) }).strict() } }, required: false } },
      responses: { 200: json(scanSummary, 'What the scan found'), ...errors },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:write');
      const body = (c.req.header('content-type') ?? '').includes('json') ? c.req.valid('json') : { autoMerge: false };
      return c.json(await scanDuplicates(ctx, { autoMerge: body.autoMerge }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/dedup/candidates',
      tags: ['Data hygiene'],
      summary: 'The review queue: candidate pairs, best first',
      request: {
        query: z.object({
          status: z.enum(['open', 'merged', 'dismissed']).default('open'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
      responses: { 200: json(z.object({ data: z.array(candidate) }), 'Candidate pairs with both contacts'), ...errors },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:read');
      return c.json({ data: await listCandidates(ctx, c.req.valid('query')) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/dedup/candidates/{id}/merge',
      tags: ['Data hygiene'],
      summary: 'Merge a candidate pair (the survivor defaults to the earlier-created contact)',
      request: {
        params: idParams,
        body: { content: { 'application/json': { schema: z.object({ survivorId: z.uuid().optional() }).strict() } }, required: false },
      },
      responses: { 200: json(mergeResult, 'The merged contact'), ...errors, 404: problemResponse('No such candidate'), 409: problemResponse('Already decided') },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:write');
      const body = (c.req.header('content-type') ?? '').includes('json') ? c.req.valid('json') : {};
      const { survivor, loserId, auditId } = await mergeCandidate(ctx, c.req.valid('param').id, body.survivorId);
      return c.json({ survivor, loserId, auditId }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/dedup/candidates/{id}/dismiss',
      tags: ['Data hygiene'],
      summary: 'Dismiss a candidate pair; it is never proposed again',
      request: { params: idParams },
      responses: { 204: { description: 'Dismissed' }, ...errors, 404: problemResponse('No such candidate'), 409: problemResponse('Already decided') },
    }),
    async (c) => {
      await dismissCandidate(authorize(c, 'records:write'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/dedup/merges/{id}/undo',
      tags: ['Data hygiene'],
      summary: 'Undo a merge (within 30 days) by the id of its audit row',
      request: { params: idParams },
      responses: {
        200: json(z.object({ survivor: record, loser: record }), 'Both contacts as they were before the merge'),
        ...errors,
        404: problemResponse('No such merge'),
        409: problemResponse('Already undone, too old, or the survivor was merged since'),
      },
    }),
    async (c) => c.json(await undoMerge(authorize(c, 'records:write'), c.req.valid('param').id), 200),
  );
};

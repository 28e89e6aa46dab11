import { Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type ExportFormat, exportRecords } from '../../engine/export/export-records.ts';
import { createView, deleteView, getView, listViews, type SavedViewInput, updateView } from '../../engine/export/saved-views.ts';
import type { RequestContext } from '../../engine/context.ts';
import type { ObjectType } from '../../store/record-tables.ts';
import type { SavedView } from '../../engine/export/saved-views.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const errors = {
  400: problemResponse('The request is invalid; `errors` names each field'),
  401: problemResponse('No valid API key'),
  403: problemResponse('The key’s role does not allow this'),
};

const idParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const objectType = z.enum(['contact', 'company', 'deal']);

const viewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    objectType,
    filter: z.unknown().nullable().openapi({ description: 'a filter in the filter language (contact views)' }),
    sort: z.string(),
    order: z.enum(['asc', 'desc']),
    columns: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SavedView');

const viewFields = {
  name: z.string().min(1).max(200),
  filter: z.unknown().optional(),
  sort: z.string().optional(),
  order: z.enum(['asc', 'desc']).optional(),
  columns: z.array(z.string()).optional(),
};

const exportQuery = z.object({ format: z.enum(['csv', 'json']).default('csv') });

const exportResponse = {
  description: 'The records, streamed',
  content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } },
};

const streamExport = (ctx: RequestContext, type: ObjectType, view: SavedView | null, format: ExportFormat, name: string): Response =>
  new Response((Readable.toWeb(Readable.from(exportRecords(ctx, type, view, format))) as ReadableStream<string>).pipeThrough(new TextEncoderStream()), {
    status: 200,
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
      'Content-Disposition': `attachment; filename="${name.replace(/[^a-zA-Z0-9_.-]/g, '_')}.${format}"`,
    },
  });

export const registerViewRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/views',
      tags: ['Saved views'],
      summary: 'List saved views',
      request: { query: z.object({ objectType: objectType.optional() }) },
      responses: { 200: json(z.object({ data: z.array(viewSchema) }), 'Saved views'), ...errors },
    }),
    async (c) => c.json({ data: await listViews(authorize(c, 'records:read'), c.req.valid('query').objectType) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/views',
      tags: ['Saved views'],
      summary: 'Save a view',
      request: { body: { content: { 'application/json': { schema: z.object({ ...viewFields, objectType }).strict() } }, required: true } },
      responses: { 201: json(viewSchema, 'The saved view'), ...errors, 409: problemResponse('A view with this name exists') },
    }),
    async (c) => c.json(await createView(authorize(c, 'records:write'), c.req.valid('json') as SavedViewInput), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/views/{id}',
      tags: ['Saved views'],
      summary: 'Get a saved view',
      request: { params: idParams },
      responses: { 200: json(viewSchema, 'The view'), ...errors, 404: problemResponse('No such view') },
    }),
    async (c) => c.json(await getView(authorize(c, 'records:read'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/views/{id}',
      tags: ['Saved views'],
      summary: 'Change a saved view',
      request: { params: idParams, body: { content: { 'application/json': { schema: z.object(viewFields).partial().strict() } }, required: true } },
      responses: { 200: json(viewSchema, 'The view'), ...errors, 404: problemResponse('No such view'), 409: problemResponse('A view with this name exists') },
    }),
    async (c) => c.json(await updateView(authorize(c, 'records:write'), c.req.valid('param').id, c.req.valid('json') as Partial<SavedViewInput>), 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/views/{id}',
      tags: ['Saved views'],
      summary: 'Delete a saved view',
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, ...errors, 404: problemResponse('No such view') },
    }),
    async (c) => {
      await deleteView(authorize(c, 'records:write'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/views/{id}/export',
      tags: ['Saved views'],
      summary: 'Export the records of a view as CSV or JSON (streamed)',
      request: { params: idParams, query: exportQuery },
      responses: { 200: exportResponse, ...errors, 404: problemResponse('No such view') },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:read');
      const view = await getView(ctx, c.req.valid('param').id);
      return streamExport(ctx, view.objectType, view, c.req.valid('query').format, view.name);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/exports/{objectType}',
      tags: ['Saved views'],
      summary: 'Export every record of an object type as CSV or JSON (streamed)',
      request: { params: z.object({ objectType: z.enum(['contacts', 'companies', 'deals']).openapi({ param: { name: 'objectType', in: 'path' } }) }), query: exportQuery },
      responses: { 200: exportResponse, ...errors },
    }),
    async (c) => {
      const plural = c.req.valid('param').objectType;
      const type: ObjectType = plural === 'contacts' ? 'contact' : plural === 'companies' ? 'company' : 'deal';
      return streamExport(authorize(c, 'records:read'), type, null, c.req.valid('query').format, plural);
    },
  );
};

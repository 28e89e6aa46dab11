import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { FilterSql } from '../../domain/filter/sql.ts';
import { contactFilterSql, readFilter } from '../../engine/contact-filter.ts';
import { AppError, invalid } from '../../engine/app-error.ts';
import type { RequestContext } from '../../engine/context.ts';
import * as service from '../../engine/records-service.ts';
import { type ObjectType, RECORD_TABLES } from '../../store/record-tables.ts';
import { decodeCursor, type ListQuery } from '../../store/records.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';
import { RECORD_SCHEMAS } from '../schemas/records.ts';

const idParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const errors = {
  400: problemResponse('The request is invalid; `errors` names each field'),
  401: problemResponse('No valid API key'),
  403: problemResponse('The key’s role does not allow this'),
};

/** A contact list may take a filter in the filter language, given as JSON in the query string. */
const contactFilter = async (ctx: RequestContext, raw: string): Promise<FilterSql> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('filter is not valid JSON', [{ field: 'filter', message: 'not valid JSON' }]);
  }
  const { filter, problems } = readFilter(parsed, 'filter');
  if (!filter) throw invalid(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return contactFilterSql(ctx.db, ctx.workspaceId, filter);
};

/** CRUD, list and associations for one CRM object type: the same code serves contacts, companies and deals. */
export const registerRecordRoutes = (app: OpenAPIHono<AppEnv>, type: ObjectType) => {
  const s = RECORD_SCHEMAS[type];
  const tag = s.name === 'Company' ? 'Companies' : `${s.name}s`;
  const listQuery = z.object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().optional().openapi({ description: 'the `nextCursor` of the previous page' }),
    sort: z.enum(s.sortable).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('asc'),
    ...(type === 'contact'
      ? { filter: z.string().optional().openapi({ description: 'a filter in the filter language, as JSON' }) }
      : {}),
    ...Object.fromEntries(s.equality.map((f) => [f, z.string().optional()])),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: s.path,
      tags: [tag],
      summary: `List ${s.plural}`,
      request: { query: listQuery },
      responses: {
        200: json(z.object({ data: z.array(s.record), nextCursor: z.string().nullable() }), `A page of ${s.plural}`),
        ...errors,
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:read');
      const q = c.req.valid('query') as Record<string, unknown> & { limit: number; cursor?: string; sort: string; order: 'asc' | 'desc'; filter?: string };
      const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
      if (cursor === null) throw invalid('cursor is not one this API gave out', [{ field: 'cursor', message: 'unreadable cursor' }]);
      const where: NonNullable<ListQuery['where']> = [];
      if (q.filter) where.push(await contactFilter(ctx, q.filter));
      for (const field of s.equality) {
        const value = q[field];
        if (typeof value !== 'string') continue;
        const column = RECORD_TABLES[type].columns[field]!;
        where.push({ sql: `r.${column.column}${column.type === 'uuid' ? '::text' : ''} = $2`, params: [value] });
      }
      if (type === 'contact') where.push({ sql: 'r.merged_into IS NULL', params: [] });
      const page = await service.listRecords(ctx, type, { where, sort: q.sort, order: q.order, limit: q.limit, ...(cursor ? { cursor } : {}) });
      return c.json({ data: page.records, nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: s.path,
      tags: [tag],
      summary: `Create a ${s.name.toLowerCase()}`,
      request: { body: { content: { 'application/json': { schema: s.create } }, required: true } },
      responses: { 201: json(s.record, `The created ${s.name.toLowerCase()}`), ...errors, 409: problemResponse('A record with the same key exists') },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:write');
      const created = await service.createRecord(ctx, type, c.req.valid('json') as service.RecordInput);
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${s.path}/{id}`,
      tags: [tag],
      summary: `Get a ${s.name.toLowerCase()}`,
      request: { params: idParams },
      responses: { 200: json(s.record, s.name), ...errors, 404: problemResponse('No such record in this workspace') },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:read');
      return c.json(await service.getRecord(ctx, type, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${s.path}/{id}`,
      tags: [tag],
      summary: `Update a ${s.name.toLowerCase()}`,
      request: { params: idParams, body: { content: { 'application/json': { schema: s.update } }, required: true } },
      responses: {
        200: json(s.record, `The updated ${s.name.toLowerCase()}`),
        ...errors,
        404: problemResponse('No such record in this workspace'),
        409: problemResponse('A record with the same key exists'),
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:write');
      const updated = await service.updateRecord(ctx, type, c.req.valid('param').id, c.req.valid('json') as service.RecordInput);
      return c.json(updated, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${s.path}/{id}`,
      tags: [tag],
      summary: `Delete a ${s.name.toLowerCase()}`,
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, ...errors, 404: problemResponse('No such record in this workspace') },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:delete');
      await service.deleteRecord(ctx, type, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
};

const ASSOCIATIONS: { from: ObjectType; to: ObjectType }[] = [
  { from: 'company', to: 'contact' },
  { from: 'company', to: 'deal' },
  { from: 'contact', to: 'deal' },
  { from: 'deal', to: 'contact' },
];

export const registerAssociationRoutes = (app: OpenAPIHono<AppEnv>) => {
  for (const { from, to } of ASSOCIATIONS) {
    const source = RECORD_SCHEMAS[from];
    const target = RECORD_SCHEMAS[to];
    app.openapi(
      createRoute({
        method: 'get',
        path: `${source.path}/{id}/${target.plural}`,
        tags: ['Associations'],
        summary: `The ${target.plural} of a ${source.name.toLowerCase()}`,
        request: { params: idParams },
        responses: { 200: json(z.object({ data: z.array(target.record) }), target.plural), ...errors, 404: problemResponse('No such record') },
      }),
      async (c) => {
        const ctx = authorize(c, 'records:read');
        return c.json({ data: await service.listAssociated(ctx, from, c.req.valid('param').id, to) }, 200);
      },
    );
  }
  const pairParams = z.object({
    id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
    contactId: z.uuid().openapi({ param: { name: 'contactId', in: 'path' } }),
  });
  for (const [method, linked] of [['put', true], ['delete', false]] as const) {
    app.openapi(
      createRoute({
        method,
        path: '/deals/{id}/contacts/{contactId}',
        tags: ['Associations'],
        summary: linked ? 'Associate a contact with a deal' : 'Remove a contact from a deal',
        request: { params: pairParams },
        responses: { 204: { description: 'Done' }, ...errors, 404: problemResponse('No such deal or contact') },
      }),
      async (c) => {
        const ctx = authorize(c, 'records:write');
        const { id, contactId } = c.req.valid('param');
        await service.setDealContact(ctx, id, contactId, linked).catch((error: unknown) => {
          if (error instanceof AppError && error.kind === 'invalid') throw new AppError('not_found', error.message);
          throw error;
        });
        return c.body(null, 204);
      },
    );
  }
};

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError, notFound } from '../../engine/app-error.ts';
import { writeAudit } from '../../store/audit.ts';
import { queueRescoreForPropertyType } from '../../engine/reevaluate.ts';
import { deletePropertyDefinition, insertPropertyDefinition, listPropertyDefinitions } from '../../store/property-definitions.ts';
import { OBJECT_TYPES, type ObjectType, RECORD_TABLES } from '../../store/record-tables.ts';
import { rethrowUniqueViolation } from '../../engine/unique-violation.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const PROPERTY_TYPES = ['string', 'number', 'boolean', 'date', 'datetime', 'enum', 'multi_enum'] as const;

const definitionSchema = z
  .object({
    objectType: z.enum(OBJECT_TYPES as [ObjectType, ...ObjectType[]]),
    name: z.string(),
    type: z.enum(PROPERTY_TYPES),
    label: z.string(),
    options: z.array(z.string()),
    protected: z.boolean(),
  })
  .openapi('PropertyDefinition');

const createSchema = z
  .strictObject({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'letters, digits and _, starting with a letter'),
    type: z.enum(PROPERTY_TYPES),
    label: z.string().trim().min(1).max(255),
    options: z.array(z.string().min(1).max(255)).max(1000).default([]),
    protected: z.boolean().default(false),
  })
  .refine((d) => !['enum', 'multi_enum'].includes(d.type) || d.options.length > 0, {
    message: 'enum properties need options',
    path: ['options'],
  })
  .openapi('PropertyDefinitionCreate');

const objectParam = z.object({ objectType: z.enum(OBJECT_TYPES as [ObjectType, ...ObjectType[]]).openapi({ param: { name: 'objectType', in: 'path' } }) });
const errors = { 400: problemResponse('Invalid request'), 401: problemResponse('No valid API key'), 403: problemResponse('Not allowed') };

/** The property registry: each workspace defines its own fields, kept in the records' jsonb `properties`. */
export const registerPropertyRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/properties/{objectType}',
      tags: ['Properties'],
      summary: 'List custom property definitions',
      request: { params: objectParam },
      responses: { 200: { description: 'Definitions', content: { 'application/json': { schema: z.object({ data: z.array(definitionSchema) }) } } }, ...errors },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:read');
      return c.json({ data: await listPropertyDefinitions(ctx.db, ctx.workspaceId, c.req.valid('param').objectType) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/properties/{objectType}',
      tags: ['Properties'],
      summary: 'Define a custom property',
      description: 'When stage criteria or score rules name the contact property, declaring it queues a rescore of the workspace (`rescore` job), since they now compare its values by its type.',
      request: { params: objectParam, body: { content: { 'application/json': { schema: createSchema } }, required: true } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: definitionSchema } } },
        ...errors,
        409: problemResponse('A property with this name exists'),
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'properties:manage');
      const { objectType } = c.req.valid('param');
      const body = c.req.valid('json');
      if (body.name in RECORD_TABLES[objectType].columns) {
        throw new AppError('conflict', `${body.name} is a standard field`, [{ field: 'name', message: 'is a standard field' }]);
      }
      const def = { objectType, ...body };
      await ctx.db
        .transaction(async (tx) => {
          await insertPropertyDefinition(tx, ctx.workspaceId, def);
          await writeAudit(tx, ctx.workspaceId, ctx.actor, {
            action: 'property.create',
            objectType: 'property',
            objectId: null,
            changes: { [`${objectType}.${def.name}`]: { before: null, after: def } },
          });
          if (objectType === 'contact') await queueRescoreForPropertyType(tx, ctx.workspaceId, def.name);
        })
        .catch(rethrowUniqueViolation);
      return c.json(def, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/properties/{objectType}/{name}',
      tags: ['Properties'],
      summary: 'Remove a custom property definition (values already stored are kept)',
      description: 'When stage criteria or score rules name the contact property, removing it queues a rescore of the workspace (`rescore` job).',
      request: { params: objectParam.extend({ name: z.string().openapi({ param: { name: 'name', in: 'path' } }) }) },
      responses: { 204: { description: 'Removed' }, ...errors, 404: problemResponse('No such property') },
    }),
    async (c) => {
      const ctx = authorize(c, 'properties:manage');
      const { objectType, name } = c.req.valid('param');
      await ctx.db.transaction(async (tx) => {
        if (!(await deletePropertyDefinition(tx, ctx.workspaceId, objectType, name))) throw notFound(`property ${name}`);
        await writeAudit(tx, ctx.workspaceId, ctx.actor, {
          action: 'property.delete',
          objectType: 'property',
          objectId: null,
          changes: { [`${objectType}.${name}`]: { before: name, after: null } },
        });
        if (objectType === 'contact') await queueRescoreForPropertyType(tx, ctx.workspaceId, name);
      });
      return c.body(null, 204);
    },
  );
};

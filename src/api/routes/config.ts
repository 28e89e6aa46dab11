import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { mermaidDiagram } from '../../config/diagram.ts';
import { configJsonSchema } from '../../config/json-schema.ts';
import { changeConfigQueued } from '../../engine/config-service.ts';
import { currentConfig } from '../../engine/workspace-config.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';
import { jobSchema } from './jobs.ts';

const versioned = z.object({ version: z.number(), config: z.record(z.string(), z.unknown()) }).openapi('VersionedConfig');
const errors = { 401: problemResponse('No valid API key'), 403: problemResponse('Not allowed') };

/** Lifecycle as code over HTTP: read the current version, replace it (validated, versioned, re-evaluated). */
export const registerConfigRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/config',
      tags: ['Configuration'],
      summary: 'The current lifecycle configuration and its version',
      responses: { 200: { description: 'Configuration', content: { 'application/json': { schema: versioned } } }, ...errors },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:read');
      return c.json(await currentConfig(ctx.db, ctx.workspaceId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/config',
      tags: ['Configuration'],
      summary: 'Replace the lifecycle configuration; contacts are re-evaluated under the new version by a background job',
      description:
        'A changed configuration is stored as a new version, and its re-evaluation (contacts that now meet a later stage move forward; every contact is rescored when score rules changed) is queued in the same transaction. Follow it at `GET /jobs/{id}`: its result holds the counts.',
      request: { body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } }, required: true } },
      responses: {
        200: {
          description: 'Stored (or unchanged), with the queued re-evaluation (null when nothing changed)',
          content: {
            'application/json': {
              schema: z.object({ version: z.number(), changed: z.boolean(), reevaluation: jobSchema.nullable() }),
            },
          },
        },
        400: problemResponse('The configuration is invalid; each error names its path'),
        ...errors,
      },
    }),
    async (c) => c.json(await changeConfigQueued(authorize(c, 'config:manage'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/config/schema',
      tags: ['Configuration'],
      summary: 'JSON Schema of leadcycle.config.yaml, for editors',
      responses: { 200: { description: 'JSON Schema', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } }, ...errors },
    }),
    (c) => c.json(configJsonSchema(), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/config/diagram',
      tags: ['Configuration'],
      summary: 'The lifecycle drawn as a Mermaid flowchart',
      responses: { 200: { description: 'Mermaid text', content: { 'text/plain': { schema: z.string() } } }, ...errors },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:read');
      return c.text(mermaidDiagram((await currentConfig(ctx.db, ctx.workspaceId)).config), 200);
    },
  );
};

import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Database } from '../store/database.ts';
import { requireApiKey } from './auth.ts';
import { registerDocs } from './docs.ts';
import type { AppEnv } from './env.ts';
import { errorToProblem, problem, validationProblem } from './problem.ts';
import { registerAttributionRoutes } from './routes/attribution.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerConfigRoutes } from './routes/config.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerFormRoutes } from './routes/forms.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerJobRoutes } from './routes/jobs.ts';
import { registerHookRoutes, registerIntegrationRoutes } from './routes/integrations.ts';
import { registerLifecycleRoutes } from './routes/lifecycle.ts';
import { registerPropertyRoutes } from './routes/properties.ts';
import { registerPublicRoutes } from './routes/public.ts';
import { registerAssociationRoutes, registerRecordRoutes } from './routes/records.ts';
import { registerTimelineRoutes } from './routes/timeline.ts';
import { registerDataHygieneRoutes } from './routes/data-hygiene.ts';
import { registerScoreRoutes } from './routes/score.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
/** An event batch holds up to 10,000 events. */
export const MAX_EVENT_BATCH_BYTES = 32 * 1024 * 1024;

/** The whole HTTP surface on one database; `app.request()` runs it in tests without a port. */
export type AppOptions = {
  /** Where reports read (a read replica); the database itself when omitted. */
  reportDb?: Database;
};

export const createApp = (db: Database, options: AppOptions = {}) => {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => (result.success ? undefined : validationProblem(c, result.error)),
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'an API key made with `leadcycle apikey create`' });
  registerHealthRoute(api);
  const apiKey = requireApiKey();
  api.use('*', async (c, next) => {
    const path = c.req.path;
    if (path.endsWith('/health') || path.endsWith('/openapi.json')) return next();
    return apiKey(c, next);
  });
  for (const type of ['contact', 'company', 'deal'] as const) registerRecordRoutes(api, type);
  registerAssociationRoutes(api);
  registerLifecycleRoutes(api);
  registerConfigRoutes(api);
  registerPropertyRoutes(api);
  registerAuditRoutes(api);
  registerEventRoutes(api);
  registerFormRoutes(api);
  registerTimelineRoutes(api);
  registerScoreRoutes(api);
  registerJobRoutes(api);
  registerIntegrationRoutes(api);
  registerAttributionRoutes(api);
  registerDataHygieneRoutes(api);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'leadcycle API',
      version: '0.1.0',
      description: 'Lead lifecycle engine and CRM. Errors are application/problem+json (RFC 9457).',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
  });

  const app = new OpenAPIHono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('db', db);
    c.set('reportDb', options.reportDb ?? db);
    await next();
  });
  const limit = (maxSize: number) =>
    bodyLimit({ maxSize, onError: (c) => problem(c, 413, 'Payload too large', `the request body is over ${maxSize} bytes`) });
  const [defaultLimit, eventBatchLimit] = [limit(MAX_BODY_BYTES), limit(MAX_EVENT_BATCH_BYTES)];
  // A CSV import streams its body (any size) and never holds it whole. GET and HEAD carry no body, and asking
  // for one would make the server build a whole fetch Request for every read.
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path.startsWith('/api/v1/imports/')
      ? next()
      : (c.req.path === '/api/v1/events' ? eventBatchLimit : defaultLimit)(c, next),
  );
  app.onError(errorToProblem);
  app.notFound((c) => problem(c, 404, 'Not found', `no route for ${c.req.method} ${c.req.path}`));
  app.route('/api/v1', api);
  registerDocs(app);
  registerPublicRoutes(app);
  registerHookRoutes(app);
  app.get('/', (c) =>
    c.html('<!doctype html><title>leadcycle</title><h1>leadcycle</h1><p>The API is at <a href="/api/docs">/api/docs</a>.</p>'),
  );
  return app;
};


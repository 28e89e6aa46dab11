import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { getContactScore, getScoreHistory } from '../../engine/scoring/contact-score.ts';
import { listPredictiveModels, trainPredictive } from '../../engine/scoring/predictive-service.ts';
import { requestRescore } from '../../engine/jobs/jobs-service.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';
import { jobPath, jobSchema } from './jobs.ts';

const idParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const contributionSchema = z
  .object({
    rule: z.string().openapi({ description: 'the rule id, or a built-in line such as email_domain:competitor' }),
    kind: z.enum(['fit', 'engagement']),
    points: z.number().openapi({ description: 'points now, after decay and caps' }),
    at: z.string().nullable().openapi({ description: 'the event time; null for fit rules' }),
  })
  .openapi('ScoreContribution');

const predictionSchema = z
  .object({
    probability: z.number(),
    topFeatures: z.array(z.object({ feature: z.string(), contribution: z.number().openapi({ description: 'log-odds; positive raises the probability' }) })),
    modelId: z.uuid(),
    trainedAt: z.string(),
  })
  .openapi('Prediction');

const scoreSchema = z
  .object({
    fit: z.number(),
    engagement: z.number(),
    grade: z.string(),
    explanation: z.array(contributionSchema).openapi({ description: 'the lines of each kind add up to that score' }),
    predictive: predictionSchema.nullable(),
    models: z.record(z.string(), z.object({ fit: z.number(), engagement: z.number(), grade: z.string() })),
  })
  .openapi('ContactScore');

const historySchema = z
  .object({ data: z.array(z.object({ at: z.string(), model: z.string(), fit: z.number(), engagement: z.number(), grade: z.string() })) })
  .openapi('ScoreHistory');

const reportSchema = z.object({
  auc: z.number(),
  logLoss: z.number(),
  precision: z.number(),
  recall: z.number(),
  threshold: z.number(),
  calibration: z.array(
    z.object({ bin: z.number(), count: z.number(), meanPredicted: z.number(), observedRate: z.number(), minPredicted: z.number(), maxPredicted: z.number() }),
  ),
  trainRows: z.number().int(),
  testRows: z.number().int(),
  trainPositiveRate: z.number(),
  testPositiveRate: z.number(),
});

const modelSchema = z
  .object({
    id: z.uuid(),
    createdAt: z.string(),
    kind: z.enum(['logistic', 'gbt']),
    trainedFrom: z.enum(['workspace', 'csv']),
    targetStage: z.string(),
    withinDays: z.number().int(),
    horizonDays: z.number().int(),
    seed: z.number().int(),
    report: reportSchema.openapi({ description: 'measured on held-out contacts, never on training rows' }),
    active: z.boolean(),
  })
  .openapi('PredictiveModel');

const trainSchema = z
  .strictObject({
    targetStage: z.string().min(1).default('customer'),
    withinDays: z.number().int().min(1).max(3650).default(90),
    horizonDays: z.number().int().min(0).max(365).default(7).openapi({ description: 'features see the contact as of creation + this many days' }),
    kind: z.enum(['logistic', 'gbt']).default('gbt'),
    seed: z.number().int().optional(),
    csv: z
      .strictObject({ text: z.string().min(1), outcomeColumn: z.string().min(1) })
      .optional()
      .openapi({ description: 'train from a CSV of historical leads (its text) instead of the workspace’s contacts' }),
  })
  .openapi('TrainRequest');

const trainResultSchema = z
  .object({
    model: modelSchema,
    excluded: z.object({ tooRecent: z.number().int(), alreadyReached: z.number().int() }).nullable(),
    rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
    mapped: z.record(z.string(), z.string()).nullable(),
    scored: z.number().int(),
  })
  .openapi('TrainResult');

const errors = { 401: problemResponse('No valid API key'), 403: problemResponse('Not allowed') };

const json = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });

export const registerScoreRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/score',
      tags: ['Scoring'],
      summary: 'Fit, engagement and grade computed now, with the rules that contributed, and the predictive probability',
      request: { params: idParams },
      responses: { 200: json('Scores', scoreSchema), 404: problemResponse('No such contact'), ...errors },
    }),
    async (c) => c.json(await getContactScore(authorize(c, 'records:read'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/score/history',
      tags: ['Scoring'],
      summary: 'The contact’s stored scores over time, oldest first (the most recent `limit` points)',
      request: {
        params: idParams,
        query: z.object({ since: z.iso.datetime({ offset: true }).optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }),
      },
      responses: { 200: json('Score history', historySchema), 404: problemResponse('No such contact'), ...errors },
    }),
    async (c) => {
      const { since, limit } = c.req.valid('query');
      const data = await getScoreHistory(authorize(c, 'records:read'), c.req.valid('param').id, { limit, ...(since ? { since } : {}) });
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scoring/rescore',
      tags: ['Scoring'],
      summary: 'Queue a rescore of every contact under the current rules (contacts that now qualify move forward)',
      description:
        'The rescore runs as a background job; follow it at the Location given (`GET /jobs/{id}`), whose result holds the counts once it completes. While a rescore still waits, asking again returns that one.',
      responses: { 202: json('The queued job', jobSchema), ...errors },
    }),
    async (c) => {
      const job = await requestRescore(authorize(c, 'config:manage'));
      c.header('Location', jobPath(job.id));
      return c.json(job, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scoring/models/train',
      tags: ['Scoring'],
      summary: 'Train a predictive model, make it the active one and score every contact with it',
      request: { body: { content: { 'application/json': { schema: trainSchema } }, required: true } },
      responses: {
        200: json('The stored model with its held-out report', trainResultSchema),
        400: problemResponse('Unknown stage, unreadable CSV, or data that cannot teach a model (e.g. one outcome only)'),
        ...errors,
      },
    }),
    async (c) => {
      const { csv, seed, ...window } = c.req.valid('json');
      const ctx = authorize(c, 'config:manage');
      return c.json(await trainPredictive(ctx, { ...window, ...(seed === undefined ? {} : { seed }), ...(csv ? { csv } : {}) }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scoring/models',
      tags: ['Scoring'],
      summary: 'Predictive models, newest first, with their held-out reports',
      responses: { 200: json('Models', z.object({ data: z.array(modelSchema) })), ...errors },
    }),
    async (c) => c.json({ data: await listPredictiveModels(authorize(c, 'records:read')) }, 200),
  );
};

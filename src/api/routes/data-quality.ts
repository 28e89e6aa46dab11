import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { dataQualityReport } from '../../engine/export/data-quality-report.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const ownerCount = { ownerId: z.string().nullable(), contacts: z.number().int() };

const report = z
  .object({
    configVersion: z.number().int(),
    missingRequired: z.array(z.object({ ...ownerCount, stage: z.string(), field: z.string() })),
    missingCountry: z.array(z.object(ownerCount)),
    phoneNotE164: z.array(z.object(ownerCount)),
    invalidEmail: z.array(z.object(ownerCount)),
    disposableEmail: z.array(z.object(ownerCount)),
  })
  .openapi('DataQualityReport');

export const registerDataQualityRoute = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/data-quality',
      tags: ['Data hygiene'],
      summary: 'Contacts missing their stage’s required fields, country, an E.164 phone or a valid email, per owner',
      responses: {
        200: { description: 'The report', content: { 'application/json': { schema: report } } },
        401: problemResponse('No valid API key'),
        403: problemResponse('The key’s role does not allow this'),
      },
    }),
    async (c) => c.json(await dataQualityReport(authorize(c, 'records:read')), 200),
  );

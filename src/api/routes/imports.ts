import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { invalid } from '../../engine/app-error.ts';
import { parseMapOption } from '../../engine/import/column-mapping.ts';
import { IMPORT_PLURALS, importObjectType } from '../../engine/import/import-object-type.ts';
import { type RejectedRow, runImport } from '../../engine/import/run-import.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

/** The response lists rejected rows up to this many; the counts are always complete. */
const MAX_LISTED_REJECTIONS = 10_000;

const summarySchema = z
  .object({
    importId: z.string().nullable(),
    objectType: z.string(),
    status: z.enum(['completed', 'interrupted']),
    dryRun: z.boolean(),
    resumedAfterLine: z.number().int(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    companiesCreated: z.number().int(),
    headers: z.array(z.string()),
    unknownColumns: z.array(z.string()).openapi({ description: 'columns that matched no field or custom property, so were not imported' }),
    rejectedRows: z.array(z.object({ line: z.number().int(), reason: z.string(), columns: z.array(z.string()) })),
    rejectedRowsTruncated: z.boolean(),
  })
  .openapi('ImportSummary');

export const registerImportRoutes = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(
    createRoute({
      method: 'post',
      path: '/imports/{objectType}',
      tags: ['Data hygiene'],
      summary: 'Import a CSV file (streamed; any size)',
      description:
        'The body is the CSV file; its first line names the columns (detected from common headers, overridable with `map`). Rows are upserted by `key`; bad rows are rejected with their line and reason and the rest imported. Posting the same file again after an interruption continues after the last committed row.',
      request: {
        params: z.object({ objectType: z.enum(IMPORT_PLURALS as [string, ...string[]]).openapi({ param: { name: 'objectType', in: 'path' } }) }),
        query: z.object({
          preset: z.enum(['hubspot']).optional(),
          dryRun: z.enum(['true', 'false']).optional(),
          key: z.string().optional(),
          map: z.string().optional().openapi({ description: '"CSV Header=field,…"' }),
          fileName: z.string().optional().openapi({ description: 'names the file, so an interrupted import of it can be resumed' }),
        }),
        body: { content: { 'text/csv': { schema: z.string() } }, required: true },
      },
      responses: {
        200: { description: 'The import summary and the rejected rows', content: { 'application/json': { schema: summarySchema } } },
        400: problemResponse('Invalid options or an unreadable file'),
        401: problemResponse('No valid API key'),
        403: problemResponse('The key’s role does not allow this'),
      },
    }),
    async (c) => {
      const ctx = authorize(c, 'records:write');
      const q = c.req.valid('query');
      const body = c.req.raw.body;
      if (body === null) throw invalid('send the CSV file as the request body');
      const length = Number(c.req.header('content-length'));
      const rejectedRows: RejectedRow[] = [];
      let rejectedRowsTruncated = false;
      const summary = await runImport(ctx, Readable.fromWeb(body as NodeReadableStream<Uint8Array>), {
        objectType: importObjectType(c.req.valid('param').objectType),
        fileName: q.fileName ?? 'api upload',
        fileSize: Number.isFinite(length) ? length : null,
        preset: q.preset ?? null,
        dryRun: q.dryRun === 'true',
        ...(q.key !== undefined ? { key: q.key } : {}),
        ...(q.map !== undefined ? { map: parseMapOption(q.map) } : {}),
        onRejected: (row) => {
          if (rejectedRows.length < MAX_LISTED_REJECTIONS) rejectedRows.push(row);
          else rejectedRowsTruncated = true;
        },
      });
      return c.json({ ...summary, rejectedRows, rejectedRowsTruncated }, 200);
    },
  );

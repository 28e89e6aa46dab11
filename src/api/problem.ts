import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';
import { AppError, type AppErrorKind, type FieldProblem } from '../engine/app-error.ts';

// RFC 9457 problem details: every error the API gives has this shape and media type.

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .passthrough()
  .openapi('Problem');

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

const STATUS: Record<AppErrorKind, { status: ContentfulStatusCode; title: string }> = {
  invalid: { status: 400, title: 'Invalid request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  too_large: { status: 413, title: 'Payload too large' },
  rate_limited: { status: 429, title: 'Too many requests' },
};

export const problem = (
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail: string,
  errors?: FieldProblem[],
  extra: Record<string, unknown> = {},
) =>
  c.body(
    JSON.stringify({
      type: 'about:blank',
      title,
      status,
      detail,
      ...(errors && errors.length > 0 ? { errors } : {}),
      ...extra,
    }),
    status,
    { 'Content-Type': 'application/problem+json' },
  );

/** Zod issues as field problems: the dotted path of the field and what is wrong with it. */
export const zodProblems = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((issue) => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return { field: [...issue.path, ...issue.keys].join('.'), message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` };
    }
    return { field: field || '(body)', message: issue.message };
  });

export const validationProblem = (c: Context, error: z.ZodError) => {
  const errors = zodProblems(error);
  return problem(c, 400, 'Invalid request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
};

export const errorToProblem = (error: unknown, c: Context) => {
  if (error instanceof AppError) {
    const { status, title } = STATUS[error.kind];
    return problem(c, status, title, error.message, error.fields, error.extra);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return problem(c, status, status === 413 ? 'Payload too large' : 'Bad request', error.message || 'The request could not be read');
  }
  console.error(error);
  return problem(c, 500, 'Internal error', 'Something went wrong on our side; the request was not applied.');
};

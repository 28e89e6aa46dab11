// Errors the engine raises for callers to answer: the API as problem+json, the CLI as one plain line.

export type AppErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'too_large' | 'rate_limited';

export type FieldProblem = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const invalid = (message: string, fields: FieldProblem[] = []): AppError => new AppError('invalid', message, fields);
export const notFound = (what: string): AppError => new AppError('not_found', `${what} was not found`);
export const forbidden = (message: string): AppError => new AppError('forbidden', message);

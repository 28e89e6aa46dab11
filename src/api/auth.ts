import type { Context, MiddlewareHandler } from 'hono';
import type { RequestContext } from '../engine/context.ts';
import { AppError } from '../engine/app-error.ts';
import { can, type Permission } from '../store/roles.ts';
import { type ApiKeyCache, apiKeyCache } from './api-key-cache.ts';
import type { AppEnv } from './env.ts';

/** Bearer API keys: every request is scoped to its key's workspace. Verified keys are remembered briefly. */
export const requireApiKey =
  (keys: ApiKeyCache = apiKeyCache()): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('unauthorized', 'send an API key as "Authorization: Bearer <key>"');
    const principal = await keys.find(c.var.db, match[1]!);
    if (!principal) throw new AppError('unauthorized', 'the API key is not valid or has been revoked');
    c.set('principal', principal);
    await next();
  };

/**
 * The service context of a request, after checking that its key's role grants `permission`. A report's context
 * reads the report database (a replica when one is configured), so it must not write.
 */
export const authorize = (c: Context<AppEnv>, permission: Permission, use: 'primary' | 'report' = 'primary'): RequestContext => {
  const principal = c.var.principal;
  if (!can(principal.role, permission)) {
    throw new AppError('forbidden', `the role "${principal.role}" may not do this (needs ${permission})`);
  }
  return {
    db: use === 'report' ? c.var.reportDb : c.var.db,
    workspaceId: principal.workspaceId,
    actor: { type: 'api_key', id: principal.keyId, role: principal.role },
  };
};

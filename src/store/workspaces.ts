import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from './database.ts';
import { newId } from './ids.ts';
import type { Role } from './roles.ts';

export const DEFAULT_WORKSPACE_SLUG = 'default';

export type Workspace = { id: string; name: string; slug: string };

export const createWorkspace = async (q: Queryable, name: string, slug: string): Promise<Workspace> => {
  const id = newId();
  await q.query('INSERT INTO workspaces (id, name, slug) VALUES ($1, $2, $3)', [id, name, slug]);
  return { id, name, slug };
};

/**
 * Held by a transaction that sets up what the first start makes (the default workspace, its first admin key), so
 * processes starting at once against a new database take turns, and the later ones find what the first made.
 */
export const lockFirstStart = async (tx: Queryable): Promise<void> => {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('leadcycle.first_start', 0))");
};

/** The first start creates a default workspace and its admin user; later starts find them. */
export const ensureDefaultWorkspace = async (db: Database): Promise<Workspace> =>
  db.transaction(async (tx) => {
    await lockFirstStart(tx);
    const [existing] = await tx.query<Workspace>('SELECT id, name, slug FROM workspaces WHERE slug = $1', [DEFAULT_WORKSPACE_SLUG]);
    if (existing) return existing;
    const workspace = await createWorkspace(tx, 'Default workspace', DEFAULT_WORKSPACE_SLUG);
    await createUser(tx, workspace.id, { email: 'admin@localhost', name: 'Admin', role: 'admin' });
    return workspace;
  });

export const createUser = async (
  q: Queryable,
  workspaceId: string,
  user: { email: string; name: string; role: Role },
): Promise<{ id: string }> => {
  const id = newId();
  await q.query('INSERT INTO users (workspace_id, id, email, name, role) VALUES ($1, $2, $3, $4, $5)', [
    workspaceId,
    id,
    user.email.trim().toLowerCase(),
    user.name,
    user.role,
  ]);
  return { id };
};

/** What is stored of a key and what it is looked up by: its SHA-256, in hex. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export type ApiKeyPrincipal = { workspaceId: string; keyId: string; role: string; userId: string | null };

/** Makes a key; only its hash is stored, so the key itself is shown once. */
export const createApiKey = async (
  q: Queryable,
  workspaceId: string,
  options: { role: Role; name?: string; userId?: string | null },
): Promise<{ id: string; key: string }> => {
  const id = newId();
  const key = `lc_${randomBytes(24).toString('base64url')}`;
  await q.query(
    'INSERT INTO api_keys (workspace_id, id, name, role, key_hash, key_prefix, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [workspaceId, id, options.name ?? '', options.role, hashApiKey(key), key.slice(0, 7), options.userId ?? null],
  );
  return { id, key };
};

export const findApiKey = (q: Queryable, key: string): Promise<ApiKeyPrincipal | null> => findApiKeyByHash(q, hashApiKey(key));

/** The principal of a key not revoked, by the key's hash (`hashApiKey`). */
export const findApiKeyByHash = async (q: Queryable, keyHash: string): Promise<ApiKeyPrincipal | null> => {
  const [row] = await q.query<{ workspace_id: string; id: string; role: string; user_id: string | null }>(
    'SELECT workspace_id, id, role, user_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [keyHash],
  );
  return row ? { workspaceId: row.workspace_id, keyId: row.id, role: row.role, userId: row.user_id } : null;
};

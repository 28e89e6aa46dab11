import { templateConfig } from '../config/templates.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import type { LifecycleConfig } from '../domain/lifecycle/lifecycle-config.ts';
import { changedFields, writeAudit } from '../store/audit.ts';
import type { Queryable } from '../store/database.ts';
import type { RequestContext } from './context.ts';

export type VersionedConfig = { version: number; config: LifecycleConfig };

// Config versions are immutable once written, so a parsed version can be cached for the life of the process.
const cache = new Map<string, VersionedConfig>();

/**
 * The workspace's current lifecycle configuration. A workspace starts from the classic template: its
 * first read stores that as version 1, so every transition can name the version it ran under.
 */
export const currentConfig = async (q: Queryable, workspaceId: string): Promise<VersionedConfig> => {
  const [row] = await q.query<{ version: number }>(
    'SELECT max(version) AS version FROM config_versions WHERE workspace_id = $1',
    [workspaceId],
  );
  const version = row?.version ?? null;
  if (version === null) {
    const config = templateConfig('classic');
    await q.query(
      'INSERT INTO config_versions (workspace_id, version, config) VALUES ($1, 1, $2) ON CONFLICT DO NOTHING',
      [workspaceId, JSON.stringify(config)],
    );
    return currentConfig(q, workspaceId);
  }
  const key = `${workspaceId}:${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const [stored] = await q.query<{ config: LifecycleConfig }>(
    'SELECT config FROM config_versions WHERE workspace_id = $1 AND version = $2',
    [workspaceId, version],
  );
  const loaded = { version, config: stored!.config };
  cache.set(key, loaded);
  return loaded;
};

/**
 * The configuration every contact of the workspace last stood under: the newest version a whole-workspace
 * re-evaluation completed under, or else the first version (contacts are stepped under the current version as
 * they arrive, and the first had no earlier one to re-evaluate from).
 */
export const appliedConfig = async (q: Queryable, workspaceId: string): Promise<VersionedConfig | null> => {
  const [row] = await q.query<{ version: number; config: LifecycleConfig }>(
    `SELECT version, config FROM config_versions
      WHERE workspace_id = $1 AND (applied_at IS NOT NULL OR version = (SELECT min(version) FROM config_versions WHERE workspace_id = $1))
      ORDER BY version DESC LIMIT 1`,
    [workspaceId],
  );
  return row ? { version: row.version, config: row.config } : null;
};

/** Records that a whole-workspace re-evaluation completed under the version. */
export const markConfigApplied = async (q: Queryable, workspaceId: string, version: number): Promise<void> => {
  await q.query('UPDATE config_versions SET applied_at = now() WHERE workspace_id = $1 AND version = $2 AND applied_at IS NULL', [workspaceId, version]);
};

/** Stores a validated configuration as the next version (unless it equals the current one); audited. */
export const saveConfig = async (ctx: RequestContext, tx: Queryable, config: LifecycleConfig): Promise<VersionedConfig & { changed: boolean }> => {
  const current = await currentConfig(tx, ctx.workspaceId);
  if (canonicalJson(current.config) === canonicalJson(config)) return { ...current, changed: false };
  const version = current.version + 1;
  await tx.query('INSERT INTO config_versions (workspace_id, version, config, created_by) VALUES ($1, $2, $3, $4)', [
    ctx.workspaceId,
    version,
    JSON.stringify(config),
    ctx.actor.type === 'user' ? ctx.actor.id : null,
  ]);
  await writeAudit(tx, ctx.workspaceId, ctx.actor, {
    action: 'config.update',
    objectType: 'config',
    objectId: null,
    changes: { ...changedFields({ version: current.version }, { version }), ...changedFields(current.config, config) },
  });
  return { version, config, changed: true };
};

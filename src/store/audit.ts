import { canonicalJson } from '../domain/canonical-json.ts';
import type { Queryable } from './database.ts';
import { newId } from './ids.ts';

/** Who did something: a user, an API key, or leadcycle itself (rules, jobs). */
export type Actor = { type: 'user' | 'api_key' | 'system'; id: string | null; role: string };

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, role: 'admin' };

export type FieldChange = { before: unknown; after: unknown };

export type AuditEntry = {
  action: string;
  objectType: string;
  objectId: string | null;
  changes: Record<string, FieldChange>;
  reason?: string | null;
};

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** The fields whose values differ, each with its value before and after. */
export const changedFields = (
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  ignore: readonly string[] = ['updatedAt', 'createdAt'],
): Record<string, FieldChange> => {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Record<string, FieldChange> = {};
  for (const name of names) {
    if (ignore.includes(name)) continue;
    const b = before?.[name] ?? null;
    const a = after?.[name] ?? null;
    if (!same(b, a)) changes[name] = { before: b, after: a };
  }
  return changes;
};

/** Written in the caller's transaction, so a mutation and its audit row commit or fail together. Returns the row's id. */
export const writeAudit = async (q: Queryable, workspaceId: string, actor: Actor, entry: AuditEntry): Promise<string> => {
  const id = newId();
  await q.query(
    `INSERT INTO audit_log (workspace_id, id, actor_type, actor_id, action, object_type, object_id, changes, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      workspaceId,
      id,
      actor.type,
      actor.id,
      entry.action,
      entry.objectType,
      entry.objectId,
      JSON.stringify(entry.changes),
      entry.reason ?? null,
    ],
  );
  return id;
};

export type AuditRow = {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  changes: Record<string, FieldChange>;
  reason: string | null;
};

export const listAudit = async (
  q: Queryable,
  workspaceId: string,
  filter: { objectType?: string; objectId?: string; limit: number },
): Promise<AuditRow[]> => {
  const rows = await q.query<{
    id: string;
    at: Date;
    actor_type: string;
    actor_id: string | null;
    action: string;
    object_type: string;
    object_id: string | null;
    changes: Record<string, FieldChange>;
    reason: string | null;
  }>(
    `SELECT * FROM audit_log WHERE workspace_id = $1
       AND ($2::text IS NULL OR object_type = $2) AND ($3::uuid IS NULL OR object_id = $3)
     ORDER BY at DESC, id DESC LIMIT $4`,
    [workspaceId, filter.objectType ?? null, filter.objectId ?? null, filter.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    changes: r.changes,
    reason: r.reason,
  }));
};

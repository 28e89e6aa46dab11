import type { Actor, AuditEntry } from './audit.ts';
import type { Queryable } from './database.ts';
import { newId } from './ids.ts';
import { recordSet } from './record-set.ts';

/** Many audit rows in one statement, for set-based writers (ingestion creating contacts and companies). */
export const writeAuditBatch = async (q: Queryable, workspaceId: string, actor: Actor, entries: readonly AuditEntry[]): Promise<void> => {
  if (entries.length === 0) return;
  const rows = entries.map((entry) => ({
    id: newId(),
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId,
    changes: entry.changes,
    reason: entry.reason ?? null,
  }));
  await q.query(
    `INSERT INTO audit_log (workspace_id, id, actor_type, actor_id, action, object_type, object_id, changes, reason)
     SELECT $1, r.id, $2, $3, r.action, r.object_type, r.object_id, r.changes, r.reason
       FROM ${recordSet('$4', 'r', ['id uuid', 'action text', 'object_type text', 'object_id uuid', 'changes jsonb', 'reason text'])}`,
    [workspaceId, actor.type, actor.id, JSON.stringify(rows)],
  );
};

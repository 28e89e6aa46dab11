// Merging two contacts into one, and undoing it. The audit row of a merge holds the complete
// before-state of both records and the rows that moved, so an undo within 30 days restores it exactly.

import { rollUpCompanies } from '../company-rollup-service.ts';
import { processContactInputs } from '../lifecycle-service.ts';
import { writeAudit } from '../../store/audit.ts';
import type { Queryable } from '../../store/database.ts';
import * as records from '../../store/records.ts';
import type { StoredRecord } from '../../store/records.ts';
import { AppError, invalid, notFound } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { currentConfig } from '../workspace-config.ts';
import { contactOwnedTables, rowKeySql } from './contact-owned-tables.ts';
import { mergedValues, type StageRank } from './merged-values.ts';

export const UNDO_DAYS = 30;

/**
 * What moved from the loser to the survivor. `rows`: by table, the key of each row re-pointed.
 * `replaced`: for tables keyed by the contact, the loser's original rows (deleted) and the keys of the
 * survivor's copies that were inserted (none where the survivor already had that row).
 */
export type MovedRows = {
  rows: Record<string, Record<string, unknown>[]>;
  replaced: Record<string, { originals: Record<string, unknown>[]; inserted: Record<string, unknown>[] }>;
  /** Contacts merged earlier into the loser, now pointing at the survivor. */
  mergedEarlier: string[];
};

export type MergeResult = { survivor: StoredRecord; loserId: string; auditId: string; moved: MovedRows };

const stageRank = async (q: Queryable, workspaceId: string): Promise<StageRank> => {
  const { config } = await currentConfig(q, workspaceId);
  const order = new Map(config.stages.map((s) => [s.id, s.offPath ? -1 : s.order]));
  return (stage) => (stage === null ? -2 : (order.get(stage) ?? -1));
};

const lockContact = async (ctx: RequestContext, tx: Queryable, id: string): Promise<StoredRecord> => {
  const record = await records.getRecord(tx, ctx.workspaceId, 'contact', id, { forUpdate: true });
  if (!record) throw notFound(`contact ${id}`);
  if (record.mergedInto) throw new AppError('conflict', `contact ${id} was already merged into ${String(record.mergedInto)}`);
  return record;
};

/** Writable fields of a stored contact (everything but its id and the timestamps the store sets). */
const writable = ({ id: _id, updatedAt: _u, ...values }: StoredRecord): Record<string, unknown> => values;

const moveRows = async (ctx: RequestContext, tx: Queryable, from: string, to: string): Promise<MovedRows> => {
  const ws = ctx.workspaceId;
  const moved: MovedRows = { rows: {}, replaced: {}, mergedEarlier: [] };
  for (const { table, key, keyHoldsContact } of await contactOwnedTables(tx)) {
    if (!keyHoldsContact) {
      const rows = await tx.query<{ key: Record<string, unknown> }>(
        `UPDATE ${table} SET contact_id = $3 WHERE workspace_id = $1 AND contact_id = $2 RETURNING ${rowKeySql(key)} AS key`,
        [ws, from, to],
      );
      moved.rows[table] = rows.map((r) => r.key);
      continue;
    }
    const originals = (await tx.query<{ row: Record<string, unknown> }>(`DELETE FROM ${table} t WHERE workspace_id = $1 AND contact_id = $2 RETURNING to_jsonb(t) AS row`, [ws, from])).map((r) => r.row);
    const inserted = originals.length === 0 ? [] : await tx.query<{ key: Record<string, unknown> }>(
      `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ON CONFLICT DO NOTHING RETURNING ${rowKeySql(key)} AS key`,
      [JSON.stringify(originals.map((row) => ({ ...row, contact_id: to })))],
    );
    moved.replaced[table] = { originals, inserted: inserted.map((r) => r.key) };
  }
  const earlier = await tx.query<{ id: string }>('UPDATE contacts SET merged_into = $3 WHERE workspace_id = $1 AND merged_into = $2 RETURNING id', [ws, from, to]);
  moved.mergedEarlier = earlier.map((r) => r.id);
  return moved;
};

/** The survivor, by default, is the earlier-created record. */
const chooseSurvivor = (a: StoredRecord, b: StoredRecord, survivorId?: string): [StoredRecord, StoredRecord] => {
  if (survivorId !== undefined) {
    if (survivorId !== a.id && survivorId !== b.id) throw invalid('survivorId must be one of the two contacts', [{ field: 'survivorId', message: 'not one of the pair' }]);
    return survivorId === a.id ? [a, b] : [b, a];
  }
  return String(a.createdAt) < String(b.createdAt) || (a.createdAt === b.createdAt && a.id < b.id) ? [a, b] : [b, a];
};

/** Merges two contacts in the caller's transaction; the loser's id keeps resolving to the survivor. */
export const mergeContactsIn = async (ctx: RequestContext, tx: Queryable, pair: { a: string; b: string; survivorId?: string; reason?: string }): Promise<MergeResult> => {
  if (pair.a === pair.b) throw invalid('a contact cannot be merged with itself');
  const [first, second] = pair.a < pair.b ? [pair.a, pair.b] : [pair.b, pair.a];
  const a = await lockContact(ctx, tx, first);
  const b = await lockContact(ctx, tx, second);
  const [survivorBefore, loserBefore] = chooseSurvivor(a, b, pair.survivorId);
  const values = mergedValues(survivorBefore, loserBefore, await stageRank(tx, ctx.workspaceId));
  // The loser leaves the unique email index first, so the survivor may take its address.
  const loserAfter = (await records.updateRecord(tx, ctx.workspaceId, 'contact', loserBefore.id, { mergedInto: survivorBefore.id }))!;
  const moved = await moveRows(ctx, tx, loserBefore.id, survivorBefore.id);
  const survivor = (await records.updateRecord(tx, ctx.workspaceId, 'contact', survivorBefore.id, values))!;
  await tx.query(
    `UPDATE duplicate_candidates SET status = 'merged', decided_at = now() WHERE workspace_id = $1 AND contact_a = $2 AND contact_b = $3`,
    [ctx.workspaceId, first, second],
  );
  const auditId = await writeAudit(tx, ctx.workspaceId, ctx.actor, {
    action: 'contact.merge',
    objectType: 'contact',
    objectId: survivor.id,
    changes: {
      survivor: { before: survivorBefore, after: survivor },
      loser: { before: loserBefore, after: loserAfter },
      moved: { before: null, after: moved },
    },
    reason: pair.reason ?? null,
  });
  // The merged record is a new state: rescore it (the events of both now count), let it move forward, and
  // roll up both companies, which may each have lost or gained a contact.
  await processContactInputs(tx, ctx.workspaceId, [{ contactId: survivor.id, input: { kind: 'properties', at: new Date().toISOString(), changes: {} } }]);
  const companyIds = [survivorBefore.companyId, loserBefore.companyId].filter((id): id is string => typeof id === 'string');
  await rollUpCompanies(tx, ctx.workspaceId, (await currentConfig(tx, ctx.workspaceId)).config, { companyIds });
  const rescored = (await records.getRecord(tx, ctx.workspaceId, 'contact', survivor.id))!;
  return { survivor: rescored, loserId: loserBefore.id, auditId, moved };
};

export const mergeContacts = (ctx: RequestContext, pair: { a: string; b: string; survivorId?: string; reason?: string }): Promise<MergeResult> =>
  ctx.db.transaction((tx) => mergeContactsIn(ctx, tx, pair));

type MergeAudit = { at: Date; changes: { survivor: { before: StoredRecord }; loser: { before: StoredRecord }; moved: { after: MovedRows } } };

/** Restores both records as they were before the merge and moves every moved row back. */
export const undoMerge = async (ctx: RequestContext, auditId: string): Promise<{ survivor: StoredRecord; loser: StoredRecord }> =>
  ctx.db.transaction(async (tx) => {
    const ws = ctx.workspaceId;
    const [audit] = await tx.query<MergeAudit>(`SELECT at, changes FROM audit_log WHERE workspace_id = $1 AND id = $2 AND action = 'contact.merge' FOR UPDATE`, [ws, auditId]);
    if (!audit) throw notFound(`merge ${auditId}`);
    if (Date.now() - new Date(audit.at).getTime() > UNDO_DAYS * 86_400_000) throw new AppError('conflict', `merge ${auditId} is older than ${UNDO_DAYS} days and can no longer be undone`);
    const [undone] = await tx.query(`SELECT 1 FROM audit_log WHERE workspace_id = $1 AND action = 'contact.merge_undo' AND changes -> 'merge' ->> 'before' = $2`, [ws, auditId]);
    if (undone) throw new AppError('conflict', `merge ${auditId} has already been undone`);
    const survivorBefore = audit.changes.survivor.before;
    const loserBefore = audit.changes.loser.before;
    const moved = audit.changes.moved.after;
    const [current] = await tx.query<{ merged_into: string | null }>('SELECT merged_into FROM contacts WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [ws, survivorBefore.id]);
    if (!current) throw new AppError('conflict', `the surviving contact ${survivorBefore.id} no longer exists`);
    if (current.merged_into) throw new AppError('conflict', `the surviving contact was since merged into ${current.merged_into}: undo that merge first`);
    // The survivor gives back an address it may have taken before the loser takes it again.
    const survivor = (await records.updateRecord(tx, ws, 'contact', survivorBefore.id, writable(survivorBefore)))!;
    const loser = (await records.updateRecord(tx, ws, 'contact', loserBefore.id, writable(loserBefore)))!;
    const owned = new Map((await contactOwnedTables(tx)).map((t) => [t.table, t.key]));
    const keyOf = (table: string): string[] => {
      const key = owned.get(table);
      if (key === undefined) throw new AppError('conflict', `table ${table} no longer exists; the merge cannot be undone`);
      return key;
    };
    for (const [table, keys] of Object.entries(moved.rows)) {
      if (keys.length === 0) continue;
      await tx.query(
        `UPDATE ${table} SET contact_id = $2 WHERE workspace_id = $1 AND ${rowKeySql(keyOf(table))} IN (SELECT jsonb_array_elements($3::jsonb))`,
        [ws, loser.id, JSON.stringify(keys)],
      );
    }
    for (const [table, { originals, inserted }] of Object.entries(moved.replaced)) {
      if (inserted.length > 0) {
        await tx.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND ${rowKeySql(keyOf(table))} IN (SELECT jsonb_array_elements($2::jsonb))`, [ws, JSON.stringify(inserted)]);
      }
      if (originals.length > 0) {
        await tx.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ON CONFLICT DO NOTHING`, [JSON.stringify(originals)]);
      }
    }
    await tx.query('UPDATE contacts SET merged_into = $2 WHERE workspace_id = $1 AND id = ANY($3::uuid[])', [ws, loser.id, moved.mergedEarlier]);
    const [first, second] = survivor.id < loser.id ? [survivor.id, loser.id] : [loser.id, survivor.id];
    await tx.query(`UPDATE duplicate_candidates SET status = 'open', decided_at = NULL WHERE workspace_id = $1 AND contact_a = $2 AND contact_b = $3`, [ws, first, second]);
    await writeAudit(tx, ws, ctx.actor, {
      action: 'contact.merge_undo',
      objectType: 'contact',
      objectId: survivor.id,
      changes: { merge: { before: auditId, after: null }, loser: { before: loser.id, after: loser.id } },
    });
    return { survivor, loser };
  });

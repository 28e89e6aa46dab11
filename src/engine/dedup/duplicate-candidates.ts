// The review queue: stored candidate pairs, each with both contacts, to merge or dismiss.

import { writeAudit } from '../../store/audit.ts';
import { rowToRecord, type StoredRecord } from '../../store/records.ts';
import { AppError, notFound } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { type MergeResult, mergeContacts } from './merge.ts';

export type CandidateStatus = 'open' | 'merged' | 'dismissed';

export type DuplicateCandidateView = {
  id: string;
  score: number;
  matchedFields: unknown[];
  status: CandidateStatus;
  createdAt: string;
  contacts: [StoredRecord, StoredRecord];
};

type Row = { id: string; score: number; matched_fields: unknown[]; status: CandidateStatus; created_at: Date; a: Record<string, unknown>; b: Record<string, unknown> };

/** Best first. Open pairs whose contact has since been merged away are left out: there is nothing to decide. */
export const listCandidates = async (ctx: RequestContext, query: { status: CandidateStatus; limit: number; offset: number }): Promise<DuplicateCandidateView[]> => {
  const rows = await ctx.db.query<Row>(
    `SELECT d.id, d.score, d.matched_fields, d.status, d.created_at, to_jsonb(a) AS a, to_jsonb(b) AS b
     FROM duplicate_candidates d
     JOIN contacts a ON a.workspace_id = d.workspace_id AND a.id = d.contact_a
     JOIN contacts b ON b.workspace_id = d.workspace_id AND b.id = d.contact_b
     WHERE d.workspace_id = $1 AND d.status = $2 AND ($2 <> 'open' OR (a.merged_into IS NULL AND b.merged_into IS NULL))
     ORDER BY d.score DESC, d.id LIMIT $3 OFFSET $4`,
    [ctx.workspaceId, query.status, query.limit, query.offset],
  );
  return rows.map((r) => ({
    id: r.id,
    score: r.score,
    matchedFields: r.matched_fields,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    contacts: [rowToRecord('contact', r.a), rowToRecord('contact', r.b)],
  }));
};

const openCandidate = async (ctx: RequestContext, id: string): Promise<{ contact_a: string; contact_b: string }> => {
  const [row] = await ctx.db.query<{ contact_a: string; contact_b: string; status: CandidateStatus }>(
    'SELECT contact_a, contact_b, status FROM duplicate_candidates WHERE workspace_id = $1 AND id = $2',
    [ctx.workspaceId, id],
  );
  if (!row) throw notFound(`duplicate candidate ${id}`);
  if (row.status !== 'open') throw new AppError('conflict', `duplicate candidate ${id} is already ${row.status}`);
  return row;
};

export const mergeCandidate = async (ctx: RequestContext, id: string, survivorId?: string): Promise<MergeResult> => {
  const pair = await openCandidate(ctx, id);
  return mergeContacts(ctx, { a: pair.contact_a, b: pair.contact_b, ...(survivorId ? { survivorId } : {}), reason: `duplicate candidate ${id}` });
};

/** A dismissed pair stays stored, so no later scan proposes it again. */
export const dismissCandidate = async (ctx: RequestContext, id: string): Promise<void> => {
  await openCandidate(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await tx.query(`UPDATE duplicate_candidates SET status = 'dismissed', decided_at = now() WHERE workspace_id = $1 AND id = $2`, [ctx.workspaceId, id]);
    await writeAudit(tx, ctx.workspaceId, ctx.actor, {
      action: 'duplicate_candidate.dismiss',
      objectType: 'duplicate_candidate',
      objectId: id,
      changes: { status: { before: 'open', after: 'dismissed' } },
    });
  });
};

// The `imports` row of one file: its fingerprint, how far it has committed, and its running counts.

import { createHash } from 'node:crypto';
import type { Queryable } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import type { ImportObjectType } from './column-synonyms.ts';

/** `companiesCreated`: companies a contact or deal import made for business domains it met. */
export type ImportCounts = { rows: number; created: number; updated: number; unchanged: number; rejected: number; companiesCreated: number };

/** `startedAt`: when the import first started, by the database's clock (a resumed import keeps it). */
export type ImportCheckpoint = { id: string; lastLine: number; counts: ImportCounts; startedAt: Date };

export const ZERO_COUNTS: ImportCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, companiesCreated: 0 };

export const addCounts = (a: ImportCounts, b: ImportCounts): ImportCounts => ({
  rows: a.rows + b.rows,
  created: a.created + b.created,
  updated: a.updated + b.updated,
  unchanged: a.unchanged + b.unchanged,
  rejected: a.rejected + b.rejected,
  companiesCreated: a.companiesCreated + b.companiesCreated,
});

/** Names one file without reading it all: its name, its size, and a hash of its first 64 KiB. */
export const fileFingerprint = (name: string, size: number | null, prefix: Uint8Array): string =>
  createHash('sha256').update(`${name}\0${size ?? '?'}\0`).update(prefix).digest('hex');

type Row = { id: string; started_at: Date; last_line: number; rows_done: number; created: number; updated: number; unchanged: number; rejected: number; companies_created: number };

/** The unfinished import of the same file, to continue; else a new one. */
export const startImport = async (
  q: Queryable,
  workspaceId: string,
  file: { objectType: ImportObjectType; fingerprint: string; fileName: string },
): Promise<ImportCheckpoint & { resumed: boolean }> => {
  const [running] = await q.query<Row>(
    `SELECT * FROM imports WHERE workspace_id = $1 AND fingerprint = $2 AND object_type = $3 AND status = 'running' ORDER BY started_at DESC LIMIT 1`,
    [workspaceId, file.fingerprint, file.objectType],
  );
  if (running) {
    const { last_line, rows_done, created, updated, unchanged, rejected, companies_created } = running;
    return {
      id: running.id,
      lastLine: last_line,
      counts: { rows: rows_done, created, updated, unchanged, rejected, companiesCreated: companies_created },
      startedAt: new Date(running.started_at),
      resumed: true,
    };
  }
  const id = newId();
  const [started] = await q.query<{ started_at: Date }>(
    'INSERT INTO imports (workspace_id, id, object_type, fingerprint, file_name) VALUES ($1, $2, $3, $4, $5) RETURNING started_at',
    [workspaceId, id, file.objectType, file.fingerprint, file.fileName],
  );
  return { id, lastLine: 0, counts: ZERO_COUNTS, startedAt: new Date(started!.started_at), resumed: false };
};

/** Written in the batch's own transaction: the batch's rows and the line after which to resume commit together. */
export const saveCheckpoint = async (q: Queryable, workspaceId: string, id: string, lastLine: number, counts: ImportCounts): Promise<void> => {
  await q.query(
    `UPDATE imports SET last_line = $3, rows_done = $4, created = $5, updated = $6, unchanged = $7, rejected = $8, companies_created = $9
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, lastLine, counts.rows, counts.created, counts.updated, counts.unchanged, counts.rejected, counts.companiesCreated],
  );
};

export const completeImport = async (q: Queryable, workspaceId: string, id: string): Promise<void> => {
  await q.query(`UPDATE imports SET status = 'completed', finished_at = now() WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
};

// A streaming CSV import: the file is parsed as it arrives and written in batches, so memory stays
// flat for any file size. Each batch commits with its checkpoint; an interrupted import run again on
// the same file continues after the last committed line, and the end state equals one full run.

import { reevaluateWorkspace } from '../reevaluate.ts';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { writeAudit } from '../../store/audit.ts';
import type { Queryable } from '../../store/database.ts';
import { listPropertyDefinitions } from '../../store/property-definitions.ts';
import { invalid } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { currentConfig } from '../workspace-config.ts';
import { mapColumns } from './column-mapping.ts';
import type { ImportObjectType } from './column-synonyms.ts';
import { foldByKey } from './fold-batch.ts';
import { addCounts, completeImport, fileFingerprint, type ImportCounts, saveCheckpoint, startImport, ZERO_COUNTS } from './import-checkpoint.ts';
import { IMPORT_KEYS, type ImportPreset, type ImportSetup, type Prepared } from './import-setup.ts';
import { prepareCompany } from './prepare-company.ts';
import { prepareContact } from './prepare-contact.ts';
import { prepareDeal } from './prepare-deal.ts';
import { prepareEvent } from './prepare-event.ts';
import { takePrefix } from './take-prefix.ts';
import { type BatchRows, writeBatch } from './write-batch.ts';

export type RejectedRow = { line: number; reason: string; columns: string[] };

export type ImportOptions = {
  objectType: ImportObjectType;
  fileName: string;
  /** Bytes, when known (a file's size, a request's Content-Length); part of the fingerprint. */
  fileSize: number | null;
  preset?: ImportPreset | null;
  key?: string;
  /** CSV header → field, overriding the detected mapping. */
  map?: Record<string, string>;
  dryRun?: boolean;
  batchSize?: number;
  /** Checked after each committed batch: an aborted import stops there and can be resumed. */
  signal?: AbortSignal;
  onProgress?: (progress: { rows: number; bytes: number }) => void;
  onRejected?: (row: RejectedRow) => void;
  /** Called once with the header row, before any row is rejected (an error file names its columns). */
  onHeaders?: (headers: string[]) => void;
  /**
   * Called as each phase of a completed import ends, with its wall time: `rows` (parse, prepare, write and
   * checkpoint every batch), then `reevaluate` (placing contacts in stages; contact and event imports only).
   */
  onPhase?: (phase: ImportPhase, milliseconds: number) => void;
};

export type ImportPhase = 'rows' | 'reevaluate';

export type ImportSummary = ImportCounts & {
  importId: string | null;
  objectType: ImportObjectType;
  status: 'completed' | 'interrupted';
  dryRun: boolean;
  /** The last line committed by an earlier, interrupted run of the same file (0 for a fresh import). */
  resumedAfterLine: number;
  headers: string[];
  unknownColumns: string[];
};

export const DEFAULT_BATCH_SIZE = 5000;
const FINGERPRINT_BYTES = 64 * 1024;

type Entry = { line: number; record: string[] };

const PREPARE: { [T in ImportObjectType]: (cells: Record<string, string>, setup: ImportSetup) => Prepared<BatchRows[T][number]> } = {
  contact: prepareContact,
  company: prepareCompany,
  deal: prepareDeal,
  event: prepareEvent,
};

const chooseKey = (type: ImportObjectType, requested: string | undefined, mapped: readonly string[]): string => {
  const keys = IMPORT_KEYS[type];
  if (requested !== undefined && !keys.includes(requested)) throw invalid(`--key for ${type} imports must be one of ${keys.join(', ')}`, [{ field: 'key', message: `not one of ${keys.join(', ')}` }]);
  if (requested !== undefined) return requested;
  return type === 'deal' && !mapped.includes('externalId') ? 'name' : keys[0]!;
};

const loadSetup = async (ctx: RequestContext, type: ImportObjectType, preset: ImportPreset | null): Promise<Omit<ImportSetup, 'key'>> => {
  const { config } = await currentConfig(ctx.db, ctx.workspaceId);
  return {
    type,
    preset,
    stages: [...config.stages].sort((a, b) => a.order - b.order).map((s) => s.id),
    leadStatuses: config.leadStatuses,
    properties: type === 'event' ? [] : await listPropertyDefinitions(ctx.db, ctx.workspaceId, type),
    startedAt: new Date().toISOString(),
  };
};

/** Rolls a dry run's single transaction back once its counts are known. */
class DryRunDone extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

export const runImport = async (ctx: RequestContext, source: AsyncIterable<Uint8Array | string>, options: ImportOptions): Promise<ImportSummary> => {
  const type = options.objectType;
  const dryRun = options.dryRun ?? false;
  const base = await loadSetup(ctx, type, options.preset ?? null);
  const { prefix, stream } = await takePrefix(source, FINGERPRINT_BYTES);
  const parser = Readable.from(stream).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number; bytes: number } }>;
  const first = await records.next();
  if (first.done) throw invalid('the file is empty: the first line must name the columns');
  const headers = first.value.record.map((h) => h.trim());
  const mapping = mapColumns(type, headers, base.properties, options.map);
  options.onHeaders?.(headers);
  const setup: ImportSetup = { ...base, key: chooseKey(type, options.key, mapping.targets.map((t) => t.field)) };
  const summaryOf = (importId: string | null, counts: ImportCounts, resumedAfterLine: number, status: ImportSummary['status']): ImportSummary => ({
    importId, objectType: type, status, dryRun, resumedAfterLine, headers, unknownColumns: mapping.unknownColumns, ...counts,
  });

  const cellsOf = (record: string[]): Record<string, string> => {
    const cells: Record<string, string> = {};
    for (const t of mapping.targets) {
      const text = record[t.index]?.trim();
      if (text) cells[t.field] = text;
    }
    return cells;
  };

  /** Prepares, folds and writes one batch; returns its counts. */
  const processBatch = async (tx: Queryable, batch: Entry[]): Promise<ImportCounts> => {
    const accepted: { key: string; row: Record<string, unknown>; line: number }[] = [];
    let rejected = 0;
    const rejectRow = (entry: Entry, reason: string) => {
      rejected++;
      options.onRejected?.({ line: entry.line, reason, columns: entry.record });
    };
    const byLine = new Map(batch.map((e) => [e.line, e]));
    for (const entry of batch) {
      if (entry.record.length !== headers.length) {
        rejectRow(entry, `expected ${headers.length} columns, found ${entry.record.length}`);
        continue;
      }
      const prepared = PREPARE[type](cellsOf(entry.record), setup);
      if (prepared.ok) accepted.push({ key: prepared.key, row: prepared.row as Record<string, unknown>, line: entry.line });
      else rejectRow(entry, prepared.reason);
    }
    const folded = foldByKey(accepted);
    const written = await writeBatch(tx, ctx.workspaceId, type, folded.rows as never);
    for (const late of written.lateRejections) rejectRow(byLine.get(folded.lines[late.position]!)!, late.reason);
    return {
      rows: batch.length,
      created: written.created,
      updated: written.updated + folded.updated,
      unchanged: written.unchanged + folded.unchanged,
      rejected,
      companiesCreated: written.companiesCreated,
    };
  };

  const run = async (dryTx: Queryable | null): Promise<ImportSummary> => {
    const checkpoint = dryTx
      ? { id: null, lastLine: 0, counts: ZERO_COUNTS }
      : await startImport(ctx.db, ctx.workspaceId, { objectType: type, fingerprint: fileFingerprint(options.fileName, options.fileSize, prefix), fileName: options.fileName });
    let counts = checkpoint.counts;
    let seen = 0;
    let bytes = 0;
    let batch: Entry[] = [];
    const rowsStarted = performance.now();
    const flush = async () => {
      if (batch.length === 0) return;
      const lastLine = batch[batch.length - 1]!.line;
      const commit = async (tx: Queryable) => {
        counts = addCounts(counts, await processBatch(tx, batch));
        if (checkpoint.id) await saveCheckpoint(tx, ctx.workspaceId, checkpoint.id, lastLine, counts);
      };
      await (dryTx ? commit(dryTx) : ctx.db.transaction(commit));
      batch = [];
      options.onProgress?.({ rows: seen, bytes });
    };
    for (let next = await records.next(); !next.done; next = await records.next()) {
      const { record, info } = next.value;
      seen++;
      bytes = info.bytes;
      if (info.lines <= checkpoint.lastLine) continue;
      batch.push({ line: info.lines, record });
      if (batch.length >= (options.batchSize ?? DEFAULT_BATCH_SIZE)) {
        await flush();
        if (options.signal?.aborted) {
          parser.destroy();
          return summaryOf(checkpoint.id, counts, checkpoint.lastLine, 'interrupted');
        }
      }
    }
    await flush();
    if (checkpoint.id) {
      const importId = checkpoint.id;
      await ctx.db.transaction(async (tx) => {
        await completeImport(tx, ctx.workspaceId, importId);
        await writeAudit(tx, ctx.workspaceId, ctx.actor, {
          action: `${type}.import`,
          objectType: 'import',
          objectId: importId,
          changes: Object.fromEntries(
            Object.entries({ ...counts, unknownColumns: mapping.unknownColumns }).map(([k, v]) => [k, { before: null, after: v }]),
          ),
          reason: options.fileName,
        });
      });
    }
    options.onPhase?.('rows', performance.now() - rowsStarted);
    // Imported rows are written set-based, outside the lifecycle step: place contacts that have no stage yet
    // and move forward those the file now qualifies (events count toward scores, so an events import rescores).
    if (!dryTx && (type === 'contact' || type === 'event')) {
      const reevaluateStarted = performance.now();
      await reevaluateWorkspace(ctx.db, ctx.workspaceId, { rescore: type === 'event' });
      options.onPhase?.('reevaluate', performance.now() - reevaluateStarted);
    }
    return summaryOf(checkpoint.id, counts, checkpoint.lastLine, 'completed');
  };

  if (!dryRun) return run(null);
  try {
    await ctx.db.transaction(async (tx) => {
      throw new DryRunDone(await run(tx));
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.summary;
    throw error;
  }
  throw new Error('unreachable: a dry run always rolls back');
};

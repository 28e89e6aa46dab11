// A streaming CSV import: the file is parsed as it arrives and written in batches, so memory stays
// flat for any file size. Each batch commits with its checkpoint; an interrupted import run again on
// the same file continues after the last committed line, and the end state equals one full run.

import type { LifecycleConfig } from '../../domain/lifecycle/lifecycle-config.ts';
import { reevaluateWorkspace } from '../reevaluate.ts';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { writeAudit } from '../../store/audit.ts';
import type { Queryable } from '../../store/database.ts';
import { listPropertyDefinitions, propertyTypes } from '../../store/property-definitions.ts';
import { keepStatistics, refreshStatistics } from '../../store/statistics.ts';
import { invalid } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { currentConfig } from '../workspace-config.ts';
import { mapColumns } from './column-mapping.ts';
import type { ImportObjectType } from './column-synonyms.ts';
import { type CsvRecord, csvRecords } from './csv-records.ts';
import { foldByKey } from './fold-batch.ts';
import { addCounts, completeImport, fileFingerprint, type ImportCounts, saveCheckpoint, startImport, ZERO_COUNTS } from './import-checkpoint.ts';
import { IMPORT_KEYS, type ImportPreset, type ImportSetup, type Prepared } from './import-setup.ts';
import type { Placement } from './place-new-contacts.ts';
import { prepareCompany } from './prepare-company.ts';
import { type ContactRow, prepareContact } from './prepare-contact.ts';
import { prepareDeal } from './prepare-deal.ts';
import { prepareEvent } from './prepare-event.ts';
import { takePrefix } from './take-prefix.ts';
import { type BatchRows, type ReadyContacts, readyContacts, writeBatch } from './write-batch.ts';

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
   * checkpoint every batch, placing the new contacts, then refresh the table's statistics after a bulk load), then
   * `reevaluate` (moving forward the contacts the file qualifies; contact and event imports only).
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
/**
 * Rows read between two turns of the event loop, about 2 ms of work: each statement of the batch being written
 * waits for such a turn before the next one is sent.
 */
const YIELD_EVERY = 100;
/** Full batches waiting for (or in) their write while the file is read on: enough to keep the database busy, and memory bounded. */
const MAX_QUEUED = 2;

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

const loadSetup = async (ctx: RequestContext, type: ImportObjectType, preset: ImportPreset | null, config: LifecycleConfig): Promise<Omit<ImportSetup, 'key'>> => {
  return {
    type,
    preset,
    stages: [...config.stages].sort((a, b) => a.order - b.order).map((s) => s.id),
    leadStatuses: config.leadStatuses,
    properties: type === 'event' ? [] : await listPropertyDefinitions(ctx.db, ctx.workspaceId, type),
    startedAt: new Date().toISOString(),
  };
};

const TABLE_OF: { [T in ImportObjectType]: string } = { contact: 'contacts', company: 'companies', deal: 'deals', event: 'events' };

/** Rolls a dry run's single transaction back once its counts are known. */
class DryRunDone extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

export const runImport = async (ctx: RequestContext, source: AsyncIterable<Uint8Array | string>, options: ImportOptions): Promise<ImportSummary> => {
  const type = options.objectType;
  const dryRun = options.dryRun ?? false;
  const versioned = await currentConfig(ctx.db, ctx.workspaceId);
  const base = await loadSetup(ctx, type, options.preset ?? null, versioned.config);
  // New contacts are placed as they are written, and imported deals move their contacts, under the configuration
  // the import started with.
  const placement: Placement | undefined =
    type === 'contact' || type === 'deal'
      ? { version: versioned.version, config: versioned.config, propertyTypes: await propertyTypes(ctx.db, ctx.workspaceId, 'contact') }
      : undefined;
  const { prefix, stream } = await takePrefix(source, FINGERPRINT_BYTES);
  const parser = csvRecords(stream);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<CsvRecord>;
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

  /**
   * The rows of one batch as they are read: each is checked and normalized on arrival, so this CPU work is
   * spread over the read loop and overlaps the previous batch's write. Rejections wait in the batch and are
   * reported once it is written, in the order of a batch processed alone.
   */
  type Batch = {
    accepted: { key: string; row: Record<string, unknown>; line: number; record: string[] }[];
    rejections: RejectedRow[];
    rows: number;
    lastLine: number;
    /** Where the file stood at the batch's last row, for progress. */
    seen: number;
    bytes: number;
    /** Set once the batch is full: its rows folded by key, and for contacts the write's ready part (see flush). */
    folded?: ReturnType<typeof foldByKey>;
    ready?: Promise<ReadyContacts | null>;
  };
  const newBatch = (): Batch => ({ accepted: [], rejections: [], rows: 0, lastLine: 0, seen: 0, bytes: 0 });

  const addRow = (batch: Batch, line: number, record: string[]) => {
    batch.rows++;
    batch.lastLine = line;
    if (record.length !== headers.length) {
      batch.rejections.push({ line, reason: `expected ${headers.length} columns, found ${record.length}`, columns: record });
      return;
    }
    const prepared = PREPARE[type](cellsOf(record), setup);
    if (prepared.ok) batch.accepted.push({ key: prepared.key, row: prepared.row as Record<string, unknown>, line, record });
    else batch.rejections.push({ line, reason: prepared.reason, columns: record });
  };

  /** Folds and writes one batch; returns its counts. */
  const writeRows = async (tx: Queryable, batch: Batch): Promise<ImportCounts> => {
    const folded = batch.folded ?? foldByKey(batch.accepted);
    const written = await writeBatch(tx, ctx.workspaceId, type, folded.rows as never, placement, await batch.ready);
    if (written.lateRejections.length > 0) {
      const recordOf = new Map(batch.accepted.map((a) => [a.line, a.record]));
      for (const late of written.lateRejections) {
        const line = folded.lines[late.position]!;
        batch.rejections.push({ line, reason: late.reason, columns: recordOf.get(line)! });
      }
    }
    return {
      rows: batch.rows,
      created: written.created,
      updated: written.updated + folded.updated,
      unchanged: written.unchanged + folded.unchanged,
      rejected: batch.rejections.length,
      companiesCreated: written.companiesCreated,
    };
  };

  const run = async (dryTx: Queryable | null): Promise<ImportSummary> => {
    const checkpoint = dryTx
      ? { id: null, lastLine: 0, counts: ZERO_COUNTS, startedAt: null }
      : await startImport(ctx.db, ctx.workspaceId, { objectType: type, fingerprint: fileFingerprint(options.fileName, options.fileSize, prefix), fileName: options.fileName });
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    let counts = checkpoint.counts;
    let seen = 0;
    let batch = newBatch();
    const rowsStarted = performance.now();
    /** Each batch commits with its checkpoint, in file order; the rows are reported once committed. */
    const commit = async (written: Batch) => {
      const work = async (tx: Queryable) => {
        const added = addCounts(counts, await writeRows(tx, written));
        if (checkpoint.id) await saveCheckpoint(tx, ctx.workspaceId, checkpoint.id, written.lastLine, added);
        return added;
      };
      const before = counts;
      counts = await (dryTx ? work(dryTx) : ctx.db.transaction(work));
      // The batch's own lookups of the next batches are planned on these statistics.
      if (!dryTx && (type === 'contact' || type === 'event')) {
        await keepStatistics(ctx.db, ctx.workspaceId, { [TABLE_OF[type]]: counts.created - before.created });
      }
      for (const row of written.rejections) options.onRejected?.(row);
      options.onProgress?.({ rows: written.seen, bytes: written.bytes });
    };
    /** An abort is final: once the signal is aborted, no batch not yet being written is written. */
    const aborted = () => options.signal?.aborted === true;
    /**
     * Batches queued for their write, in file order: each is written once the one before it has committed, while
     * the file goes on being read and prepared, up to MAX_QUEUED batches ahead.
     */
    const queued: Promise<void>[] = [];
    /**
     * A full contact batch looks up its companies and places its new contacts as soon as it is queued, while the
     * batches before it are still being written: that work is the process's, the write is the database's. (In a
     * dry run everything happens in its one transaction, in order.)
     */
    const goAhead = (full: Batch) => {
      full.folded = foldByKey(full.accepted);
      if (type !== 'contact' || dryTx) return;
      // In a transaction of its own, asked for before the batch's write: PGlite's one connection then runs it whole
      // before that write, which waits for it.
      const rows = full.folded.rows as ContactRow[];
      // Only with companies that exist: an import stopped before this batch's write must not have created any for it.
      full.ready = ctx.db.transaction((q) => readyContacts(q, ctx.workspaceId, rows, placement, true));
      // Observed here so a failure is not unhandled while the batches before are written; writeRows rethrows it.
      full.ready.catch(() => undefined);
    };
    const enqueue = (full: Batch) => {
      // The batch before it, unless that one has already been drained (committed).
      const before = queued.at(-1);
      goAhead(full);
      const written = (async () => {
        let writes = false;
        try {
          await before;
          writes = !aborted();
        } finally {
          // A batch that is not written (one before it failed, or the import was aborted) never leaves its own work running.
          if (!writes) await full.ready?.catch(() => undefined);
        }
        if (writes) await commit(full);
      })();
      // Observed here so a failure is not unhandled while the next batches are read; drain() rethrows it.
      written.catch(() => undefined);
      queued.push(written);
    };
    /** Waits until at most `depth` batches are queued; rethrows the first failed write. */
    const drain = async (depth: number) => {
      while (queued.length > depth) await queued.shift();
    };
    /** Queues the current batch; false when the import is to stop (aborted), once no batch is being written. */
    const flush = async (depth: number): Promise<boolean> => {
      if (batch.rows > 0 && !aborted()) {
        enqueue(batch);
        batch = newBatch();
      }
      await drain(depth);
      if (!aborted()) return true;
      await drain(0);
      return false;
    };
    let stopped = false;
    try {
      let sinceYield = 0;
      for (let next = await records.next(); !next.done; next = await records.next()) {
        const { record, lines, bytes } = next.value;
        seen++;
        // Parsing and preparing never hold the event loop for long, so the database's replies are read as they come.
        if (++sinceYield === YIELD_EVERY) {
          sinceYield = 0;
          await yieldToLoop();
        }
        if (lines <= checkpoint.lastLine) continue;
        addRow(batch, lines, record);
        batch.seen = seen;
        batch.bytes = bytes;
        if (batch.rows >= batchSize && !(await flush(MAX_QUEUED))) {
          stopped = true;
          break;
        }
      }
      if (!stopped) stopped = !(await flush(0));
    } catch (error) {
      // Never leave with a batch's transaction still running.
      await Promise.allSettled(queued);
      throw error;
    }
    if (stopped) {
      parser.destroy();
      return summaryOf(checkpoint.id, counts, checkpoint.lastLine, 'interrupted');
    }
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
    // A bulk load leaves the planner's statistics behind, and the re-evaluation that follows queries the very rows
    // just written.
    if (!dryTx) {
      await refreshStatistics(ctx.db, TABLE_OF[type], counts.created + counts.updated);
      if (counts.companiesCreated > 0 && type !== 'company') await refreshStatistics(ctx.db, 'companies', counts.companiesCreated);
    }
    options.onPhase?.('rows', performance.now() - rowsStarted);
    // New contacts were placed as they were written; the rest of the imported rows were written set-based,
    // outside the lifecycle step: place contacts still without a stage (updated ones, a lost race for an email)
    // and move forward those the file now qualifies (events count toward scores, so an events import rescores).
    // A contact import changed only the contacts it wrote (since it first started, resumed runs included).
    if (!dryTx && (type === 'contact' || type === 'event')) {
      const reevaluateStarted = performance.now();
      await reevaluateWorkspace(ctx.db, ctx.workspaceId, {
        rescore: type === 'event',
        ...(type === 'contact' && checkpoint.startedAt ? { touchedSince: checkpoint.startedAt } : {}),
      });
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

// How fast the generator fills a workspace, against a raw COPY of the same rows into tables of the same shape.

import type { Benchmark } from './benchmark.ts';
import { generateWorkspace } from './generate/generate-workspace.ts';
import { copyStatement } from './generate/row-sink.ts';
import { TABLE_ORDER, TABLES } from './generate/tables.ts';
import { round, seconds } from './measure.ts';

/**
 * The baseline reloads at most this many rows per table (a rate is compared, not a total), so a 1M-contact run
 * needs no gigabytes of COPY text in memory.
 */
const BASELINE_ROWS_PER_TABLE = 250_000;

export const benchmark: Benchmark = {
  name: 'generate',
  description: 'generator rows/s (COPY on PostgreSQL, set-based INSERT on PGlite) vs raw COPY of the same rows',
  unit: 'contacts',
  defaultSize: 5_000,
  run: async ({ backend, size, seed, log }) => {
    const workspaceId = await backend.newWorkspace('generate');
    const sink = await backend.sink();
    const result = await generateWorkspace(sink, workspaceId, {
      size,
      seed,
      onProgress: (done) => (done % 100_000 === 0 || done === size) && log(`generated ${done} contacts`),
    }).finally(() => sink.close());
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);

    // Raw COPY of the rows just written, into empty tables with the same columns, defaults and indexes.
    let copiedRows = 0;
    let copySeconds = 0;
    for (const table of TABLE_ORDER) {
      const columns = TABLES[table].columns.join(', ');
      const data = await backend.copyOut(`SELECT ${columns} FROM ${table} WHERE workspace_id = '${workspaceId}' LIMIT ${BASELINE_ROWS_PER_TABLE}`);
      const scratch = `bench_copy_${table}`;
      await backend.db.exec(`DROP TABLE IF EXISTS ${scratch}; CREATE TABLE ${scratch} (LIKE ${table} INCLUDING ALL)`);
      const timed = await seconds(() => backend.copyIn(copyStatement(table, scratch), data));
      await backend.db.exec(`DROP TABLE ${scratch}`);
      copySeconds += timed.seconds;
      copiedRows += Math.min(result.rows[table], BASELINE_ROWS_PER_TABLE);
      log(`baseline: COPY ${table} ${timed.seconds.toFixed(2)} s`);
    }
    const rowsPerSecond = rows / result.seconds;
    const copyRowsPerSecond = copiedRows / copySeconds;
    return {
      figures: {
        rowsPerSecond: round(rowsPerSecond, 0),
        seconds: round(result.seconds),
        rows,
        contacts: result.rows.contacts,
        events: result.rows.events,
        transitions: result.rows.stage_transitions,
        deals: result.rows.deals,
        companies: result.rows.companies,
        duplicates: result.duplicates,
      },
      baseline: { copyRowsPerSecond: round(copyRowsPerSecond, 0), copySeconds: round(copySeconds), copiedRows },
      ratio: round(rowsPerSecond / copyRowsPerSecond, 3),
      ratioOf: 'generator rows/s ÷ raw COPY rows/s (1 = as fast as loading pre-made rows)',
    };
  },
};

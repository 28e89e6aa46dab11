// The CSV contact import (streaming parse, normalization, fold and upsert by email, company linking) into an
// empty workspace and again into one that already holds the same number of contacts, against a raw COPY of
// the same number of stored contact rows into a plain table.

import { Readable } from 'node:stream';
import { type ImportPhase, runImport } from '../src/engine/import/run-import.ts';
import { SYSTEM_ACTOR } from '../src/store/audit.ts';
import type { Benchmark } from './benchmark.ts';
import { round, seconds } from './measure.ts';

const DOMAINS = ['acme.com', 'globex.com', 'initech.com', 'gmail.com', 'outlook.com', 'hooli.com', 'umbrella.org', 'yahoo.com'];
const COUNTRIES = ['US', 'Germany', 'France', 'GB', 'Spain', 'Canada'];

/**
 * `count` contact lines from `from` on, generated as they are read so the file never sits in memory, in chunks of
 * about 64 KiB as a file stream reads them.
 */
function* csvChunks(from: number, count: number): Generator<string> {
  let chunk = 'Email,First Name,Last Name,Phone Number,Country,Job Title\n';
  for (let i = from; i < from + count; i++) {
    chunk += `person.${i}@${DOMAINS[i % DOMAINS.length]},First${i},Last${i},+1 415 555 ${String(i % 10_000).padStart(4, '0')},${COUNTRIES[i % COUNTRIES.length]},VP Marketing\n`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

export const benchmark: Benchmark = {
  name: 'import-contacts',
  description: 'CSV contact import (normalize, dedup by email, upsert) vs a raw COPY of the same number of contact rows',
  unit: 'contacts',
  defaultSize: 100_000,
  run: async ({ backend, size, log }) => {
    const workspaceId = await backend.newWorkspace('import');
    const ctx = { db: backend.db, workspaceId, actor: SYSTEM_ACTOR };
    // The rows phase (parse, normalize, fold, write, checkpoint) and the final re-evaluation are timed apart.
    const importRows = async (from: number) => {
      const phases: Partial<Record<ImportPhase, number>> = {};
      const run = await seconds(() =>
        runImport(ctx, Readable.from(csvChunks(from, size)), {
          objectType: 'contact',
          fileName: `bench-${from}.csv`,
          fileSize: null,
          onPhase: (phase, ms) => (phases[phase] = ms / 1000),
        }),
      );
      return { ...run, rowsSeconds: phases.rows ?? Number.NaN, reevaluateSeconds: phases.reevaluate ?? Number.NaN };
    };
    // The process's peak also covers opening the database (PGlite's start peaks near 1 GiB before any row is
    // read), so the resident size is sampled during the imports as well.
    let importPeakRss = 0;
    const sampler = setInterval(() => (importPeakRss = Math.max(importPeakRss, process.memoryUsage().rss)), 200);
    const describe = (run: Awaited<ReturnType<typeof importRows>>) =>
      `${round(run.seconds, 2)} s (rows ${round(run.rowsSeconds, 2)} s, re-evaluation ${round(run.reevaluateSeconds, 2)} s)`;
    const [empty, populated] = await (async () => {
      try {
        const intoEmpty = await importRows(0);
        log(`into an empty workspace: ${describe(intoEmpty)}`);
        const intoPopulated = await importRows(size);
        log(`into a workspace holding ${size}: ${describe(intoPopulated)}`);
        return [intoEmpty, intoPopulated];
      } finally {
        clearInterval(sampler);
      }
    })();
    const rows = await backend.copyOut(`SELECT * FROM contacts WHERE workspace_id = '${workspaceId}' LIMIT ${size}`);
    await backend.db.exec('DROP TABLE IF EXISTS bench_import_copy; CREATE TABLE bench_import_copy (LIKE contacts INCLUDING DEFAULTS)');
    const copy = await seconds(() => backend.copyIn('COPY bench_import_copy FROM STDIN', rows));
    await backend.db.exec('DROP TABLE bench_import_copy');
    const rate = (s: number) => round(size / s, 0);
    return {
      figures: {
        seconds: round(empty.seconds, 3),
        contactsPerSecond: rate(empty.seconds),
        rowsSeconds: round(empty.rowsSeconds, 3),
        rowsContactsPerSecond: rate(empty.rowsSeconds),
        reevaluateSeconds: round(empty.reevaluateSeconds, 3),
        populatedSeconds: round(populated.seconds, 3),
        populatedContactsPerSecond: rate(populated.seconds),
        populatedRowsSeconds: round(populated.rowsSeconds, 3),
        populatedRowsContactsPerSecond: rate(populated.rowsSeconds),
        populatedReevaluateSeconds: round(populated.reevaluateSeconds, 3),
        created: empty.value.created + populated.value.created,
        // maxRSS is the process's peak in KiB, over the whole run.
        peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 0),
        importPeakRssMiB: round(importPeakRss / 2 ** 20, 0),
      },
      baseline: { seconds: round(copy.seconds, 3), contactsPerSecond: rate(copy.seconds) },
      ratio: round(empty.seconds / copy.seconds, 1),
      ratioOf: 'import time ÷ raw COPY time (same number of rows)',
      ratios: {
        rowsOverCopy: round(empty.rowsSeconds / copy.seconds, 1),
        populatedOverEmptyRate: round(empty.seconds / populated.seconds, 2),
        populatedOverEmptyRowsRate: round(empty.rowsSeconds / populated.rowsSeconds, 2),
      },
    };
  },
};

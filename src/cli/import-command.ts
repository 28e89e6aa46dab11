import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import { parseMapOption } from '../engine/import/column-mapping.ts';
import { IMPORT_PLURALS, importObjectType } from '../engine/import/import-object-type.ts';
import { importSummaryLine } from '../engine/import/import-summary-line.ts';
import { runImport } from '../engine/import/run-import.ts';
import { SYSTEM_ACTOR } from '../store/audit.ts';
import { CliError } from './cli-error.ts';
import { dataOption, withDatabase } from './with-database.ts';
import { resolveWorkspace, workspaceOption } from './workspace-option.ts';

type Options = { preset?: string; dryRun?: boolean; key?: string; map?: string; errors?: string; json?: boolean; data: string; workspace: string };

/** A progress bar on stderr (only when it is a terminal), measured in bytes so it can show a rate and an ETA. */
const progressBar = (size: number) => {
  if (!process.stderr.isTTY) return null;
  const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}', stream: process.stderr, hideCursor: true });
  const started = Date.now();
  bar.start(size, 0, { rows: 0, rate: 0 });
  return {
    update: (rows: number, bytes: number) => bar.update(bytes, { rows, rate: Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001)) }),
    stop: () => bar.stop(),
  };
};

export const registerImportCommand = (program: Command) =>
  program
    .command('import')
    .description('import a CSV file; the last line is the summary (created, updated, unchanged, rejected)')
    .argument('<type>', IMPORT_PLURALS.join('|'))
    .argument('<file>', 'the CSV file; its first line names the columns')
    .option('--preset <name>', 'read another CRM’s export: hubspot')
    .option('--dry-run', 'validate and count without writing')
    .option('--key <field>', 'upsert key (contacts: email; companies: domain; deals: externalId or name)')
    .option('--map <pairs>', 'column mapping overrides: "CSV Header=field,…" (custom properties as properties.<name>)')
    .option('--errors <file>', 'write each rejected row (line, reason, original columns) to this CSV file')
    .option('--json', 'print the summary as one JSON object')
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (plural: string, file: string, options: Options) => {
      if (options.preset !== undefined && options.preset !== 'hubspot') throw new CliError('--preset must be hubspot');
      const path = resolve(file);
      const size = (await stat(path).catch(() => {
        throw new CliError(`cannot read ${file}`);
      })).size;
      const errors = options.errors === undefined ? null : stringify();
      const errorsDone = errors === null ? null : finished(errors.pipe(createWriteStream(options.errors!)));
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      const bar = progressBar(size);
      const summary = await withDatabase(options.data, async (db) => {
        const workspaceId = await resolveWorkspace(db, options.workspace);
        return runImport({ db, workspaceId, actor: SYSTEM_ACTOR }, createReadStream(path), {
          objectType: importObjectType(plural),
          fileName: path,
          fileSize: size,
          preset: options.preset === 'hubspot' ? 'hubspot' : null,
          dryRun: options.dryRun ?? false,
          ...(options.key !== undefined ? { key: options.key } : {}),
          ...(options.map !== undefined ? { map: parseMapOption(options.map) } : {}),
          signal: controller.signal,
          onProgress: ({ rows, bytes }) => bar?.update(rows, bytes),
          onHeaders: (headers) => errors?.write(['line', 'reason', ...headers]),
          onRejected: (row) => errors?.write([row.line, row.reason, ...row.columns]),
        });
      }).finally(() => {
        bar?.stop();
        process.off('SIGINT', stop);
        errors?.end();
      });
      await errorsDone;
      if (summary.unknownColumns.length > 0) console.error(`columns not imported (no matching field or custom property): ${summary.unknownColumns.join(', ')}`);
      if (summary.status === 'interrupted') console.error('interrupted: run the same command again to continue after the last committed row');
      console.log(importSummaryLine(summary, options.json ?? false));
    });

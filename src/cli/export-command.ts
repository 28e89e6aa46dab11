import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { exportRecords } from '../engine/export/export-records.ts';
import { findViewByName } from '../engine/export/saved-views.ts';
import { SYSTEM_ACTOR } from '../store/audit.ts';
import type { ObjectType } from '../store/record-tables.ts';
import { CliError } from './cli-error.ts';
import { dataOption, withDatabase } from './with-database.ts';
import { resolveWorkspace, workspaceOption } from './workspace-option.ts';

const TYPES: Record<string, ObjectType> = { contacts: 'contact', companies: 'company', deals: 'deal' };

export const registerExportCommand = (program: Command) =>
  program
    .command('export')
    .description('export records (a saved view, or every record of a type) as CSV or JSON, streamed')
    .argument('<type>', 'contacts|companies|deals')
    .option('--view <name>', 'a saved view of that type')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to this file instead of stdout')
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (plural: string, options: { view?: string; format: string; out?: string; workspace: string; data: string }) => {
      const type = TYPES[plural];
      if (type === undefined) throw new CliError(`"${plural}" is not exportable: use contacts, companies or deals`);
      if (options.format !== 'csv' && options.format !== 'json') throw new CliError('--format must be csv or json');
      const format = options.format;
      await withDatabase(options.data, async (db) => {
        const ctx = { db, workspaceId: await resolveWorkspace(db, options.workspace), actor: SYSTEM_ACTOR };
        const view = options.view === undefined ? null : await findViewByName(ctx, type, options.view);
        await pipeline(Readable.from(exportRecords(ctx, type, view, format)), options.out ? createWriteStream(options.out) : process.stdout);
      });
    });

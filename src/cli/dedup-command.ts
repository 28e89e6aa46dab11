import type { Command } from 'commander';
import { scanDuplicates } from '../engine/dedup/scan-duplicates.ts';
import { SYSTEM_ACTOR } from '../store/audit.ts';
import { dataOption, withDatabase } from './with-database.ts';
import { resolveWorkspace, workspaceOption } from './workspace-option.ts';

export const registerDedupCommands = (program: Command) =>
  program
    .command('dedup')
    .description('find duplicate contacts')
    .command('scan')
    .description('scan contacts for duplicates and queue new pairs for review (GET /api/v1/dedup/candidates)')
    .option('--auto-merge', 'merge pairs above the auto-merge threshold without review')
    .option('--json', 'print the summary as one JSON object')
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (options: { autoMerge?: boolean; json?: boolean; workspace: string; data: string }) => {
      const summary = await withDatabase(options.data, async (db) =>
        scanDuplicates({ db, workspaceId: await resolveWorkspace(db, options.workspace), actor: SYSTEM_ACTOR }, { autoMerge: options.autoMerge ?? false }),
      );
      for (const shared of summary.sharedPhones) console.error(`phone ${shared.phone} is shared by ${shared.contacts} contacts`);
      console.log(
        options.json
          ? JSON.stringify(summary)
          : `scanned ${summary.scanned}, found ${summary.found}, proposed ${summary.proposed}, auto-merged ${summary.autoMerged}`,
      );
    });

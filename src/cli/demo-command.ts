import type { Command } from 'commander';
import { generateWorkspace } from '../../bench/generate/generate-workspace.ts';
import { copySink, recordsetSink } from '../../bench/generate/row-sink.ts';
import { rescoreWorkspace } from '../engine/scoring/rescore.ts';
import { CliError } from './cli-error.ts';
import { dataOption, withDatabase } from './with-database.ts';
import { resolveWorkspace, workspaceOption } from './workspace-option.ts';

const wholeNumber = (name: string, raw: string): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new CliError(`${name} must be a positive whole number, got "${raw}"`);
  return value;
};

export const registerDemoCommand = (program: Command) =>
  program
    .command('demo')
    .description('load a realistic, seeded demo workspace: companies, contacts in every stage, a year of events, deals')
    .option('--size <contacts>', 'number of contacts', '1000')
    .option('--seed <n>', 'the same seed loads the same data', '42')
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (options: { size: string; seed: string; workspace: string; data: string }) => {
      const size = wholeNumber('--size', options.size);
      const seed = wholeNumber('--seed', options.seed);
      const { result, settled } = await withDatabase(options.data, async (db) => {
        const workspaceId = await resolveWorkspace(db, options.workspace);
        const progress = (done: number) => process.stderr.write(`\r${done} of ${size} contacts`);
        const loaded =
          db.kind === 'postgres'
            ? // COPY on connections of its own: the fast path, not one transaction, so a failed load is left partial.
              await copySink(process.env.DATABASE_URL!).then((sink) => generateWorkspace(sink, workspaceId, { size, seed, onProgress: progress }).finally(() => sink.close()))
            : await db.transaction((tx) => generateWorkspace(recordsetSink(tx), workspaceId, { size, seed, onProgress: progress }));
        process.stderr.write('\n');
        // The generated rows were written outside the engine: every contact is scored and stepped once under the
        // workspace's configuration, so each stands where its own history puts it (a booked meeting makes an SQL).
        return { result: loaded, settled: await rescoreWorkspace(db, workspaceId) };
      });
      const { rows } = result;
      console.log(
        `loaded ${rows.contacts} contacts (${result.duplicates} planted duplicates), ${rows.companies} companies, ${rows.events} events, ` +
          `${rows.stage_transitions} stage transitions, ${rows.deals} deals in ${result.seconds.toFixed(1)} s; ${settled.moved} contacts moved on by the lifecycle`,
      );
    });

import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { rescoreWorkspace } from '../engine/scoring/rescore.ts';
import { dataOption, withDatabase } from './with-database.ts';
import { resolveWorkspace, workspaceOption } from './workspace-option.ts';

/** A progress bar on stderr, only when it is a terminal: piped output keeps just the summary line. */
const progressBar = () => {
  if (!process.stderr.isTTY) return null;
  const bar = new SingleBar({ format: 'rescoring [{bar}] {percentage}% | {value}/{total} contacts | ETA {eta_formatted}', stream: process.stderr, hideCursor: true });
  let started = false;
  return {
    update: (done: number, total: number) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
};

export const registerRescoreCommand = (program: Command) =>
  program
    .command('rescore')
    .description('rescore every contact under the current score rules; contacts that now qualify move forward. The last line is the summary')
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (options: { data: string; workspace: string }) => {
      const bar = progressBar();
      const started = performance.now();
      const result = await withDatabase(options.data, async (db) =>
        rescoreWorkspace(db, await resolveWorkspace(db, options.workspace), { onProgress: (done, total) => bar?.update(done, total) }),
      ).finally(() => bar?.stop());
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`rescored ${result.examined} contacts in ${seconds} s: ${result.rescored} scores changed, ${result.moved} moved (config version ${result.configVersion})`);
    });

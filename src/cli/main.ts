import { Command, CommanderError } from 'commander';
import { registerApiKeyCommands } from './apikey-command.ts';
import { registerConfigCommands } from './config-command.ts';
import { registerDemoCommand } from './demo-command.ts';
import { CliError } from './cli-error.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerStartCommand } from './start-command.ts';
import { registerRescoreCommand } from './rescore-command.ts';
import { registerScoreCommands } from './score-command.ts';
import { registerUserCommands } from './user-command.ts';
import { registerDataHygieneCommands } from './data-hygiene-commands.ts';
import { registerWorkerCommand } from './worker-command.ts';
import { registerReportCommands } from './report-command.ts';

const program = new Command()
  .name('leadcycle')
  .description('Lead lifecycle engine and CRM. DATABASE_URL, when set, selects PostgreSQL for every command.')
  .version('0.1.0')
  .exitOverride();

registerStartCommand(program);
registerWorkerCommand(program);
registerMigrateCommand(program);
registerApiKeyCommands(program);
registerUserCommands(program);
registerConfigCommands(program);
registerScoreCommands(program);
registerRescoreCommand(program);
registerDemoCommand(program);
registerDataHygieneCommands(program);
registerReportCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Commander has already printed its own usage errors; everything else is one plain line and a non-zero exit.
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const message = error instanceof Error ? error.message : String(error);
  console.error(`leadcycle: ${error instanceof CliError ? message : message.split('\n')[0]}`);
  process.exit(1);
}

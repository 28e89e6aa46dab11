import type { Command } from 'commander';
import { registerDedupCommands } from './dedup-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerImportCommand } from './import-command.ts';

/** `import`, `export` and `dedup scan`. */
export const registerDataHygieneCommands = (program: Command) => {
  registerImportCommand(program);
  registerExportCommand(program);
  registerDedupCommands(program);
};

import type { Command } from 'commander';
import { writeAudit, SYSTEM_ACTOR } from '../store/audit.ts';
import { isRole, ROLES } from '../store/roles.ts';
import { createApiKey } from '../store/workspaces.ts';
import { CliError } from './cli-error.ts';
import { dataOption, withDatabase } from './with-database.ts';
import { resolveWorkspace, workspaceOption } from './workspace-option.ts';

export const registerApiKeyCommands = (program: Command) =>
  program
    .command('apikey')
    .description('manage API keys')
    .command('create')
    .description('create an API key; the key is printed once, as the last line')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'what the key is for', '')
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (options: { role: string; name: string; workspace: string; data: string }) => {
      if (!isRole(options.role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
      const role = options.role;
      const key = await withDatabase(options.data, async (db) => {
        const workspaceId = await resolveWorkspace(db, options.workspace);
        return db.transaction(async (tx) => {
          const created = await createApiKey(tx, workspaceId, { role, name: options.name });
          await writeAudit(tx, workspaceId, SYSTEM_ACTOR, {
            action: 'api_key.create',
            objectType: 'api_key',
            objectId: created.id,
            changes: { role: { before: null, after: role }, name: { before: null, after: options.name } },
          });
          return created.key;
        });
      });
      console.error(`API key with role ${role} created. Store it now: it is not shown again.`);
      console.log(key);
    });

import type { Command } from 'commander';
import validator from 'validator';
import { rethrowUniqueViolation } from '../engine/unique-violation.ts';
import { SYSTEM_ACTOR, writeAudit } from '../store/audit.ts';
import { isRole, ROLES } from '../store/roles.ts';
import { createUser } from '../store/workspaces.ts';
import { CliError } from './cli-error.ts';
import { dataOption, withDatabase } from './with-database.ts';
import { resolveWorkspace, workspaceOption } from './workspace-option.ts';

export const registerUserCommands = (program: Command) =>
  program
    .command('user')
    .description('manage users')
    .command('create')
    .description('create a user in a workspace')
    .requiredOption('--email <email>', 'the user’s email')
    .option('--name <name>', 'display name', '')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'member')
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (options: { email: string; name: string; role: string; workspace: string; data: string }) => {
      if (!isRole(options.role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
      if (!validator.isEmail(options.email.trim())) throw new CliError(`"${options.email}" is not a valid email address`);
      const role = options.role;
      const id = await withDatabase(options.data, async (db) => {
        const workspaceId = await resolveWorkspace(db, options.workspace);
        return db
          .transaction(async (tx) => {
            const user = await createUser(tx, workspaceId, { email: options.email, name: options.name, role });
            await writeAudit(tx, workspaceId, SYSTEM_ACTOR, {
              action: 'user.create',
              objectType: 'user',
              objectId: user.id,
              changes: { email: { before: null, after: options.email }, role: { before: null, after: role } },
            });
            return user.id;
          })
          .catch(rethrowUniqueViolation);
      });
      console.log(`user ${options.email} created (${role}), id ${id}`);
    });

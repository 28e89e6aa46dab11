import type { Command } from 'commander';
import { startServer } from '../api/server.ts';
import { locationFromEnv, openDatabase, openReportDatabase } from '../store/open-database.ts';
import { SYSTEM_ACTOR, writeAudit } from '../store/audit.ts';
import { createApiKey, DEFAULT_WORKSPACE_SLUG, ensureDefaultWorkspace, lockFirstStart } from '../store/workspaces.ts';
import type { Database } from '../store/database.ts';
import { formatConfigErrors, loadConfigFile } from '../config/load-config.ts';
import { changeConfig } from '../engine/config-service.ts';
import { CliError } from './cli-error.ts';
import { startLoggedJobRunner, stopOnSignal } from './job-runner-process.ts';
import { databaseLabel, dataOption } from './with-database.ts';

/** On the very first start there is no way in yet: make an admin key and show it once. */
const firstAdminKey = async (db: Database, workspaceId: string): Promise<string | null> =>
  db.transaction(async (tx) => {
    await lockFirstStart(tx);
    const [existing] = await tx.query('SELECT 1 FROM api_keys WHERE workspace_id = $1 LIMIT 1', [workspaceId]);
    if (existing) return null;
    const created = await createApiKey(tx, workspaceId, { role: 'admin', name: 'first start' });
    await writeAudit(tx, workspaceId, SYSTEM_ACTOR, {
      action: 'api_key.create',
      objectType: 'api_key',
      objectId: created.id,
      changes: { role: { before: null, after: 'admin' } },
      reason: 'first start',
    });
    return created.key;
  });

/** `--config FILE`: the file becomes the default workspace's configuration (a new version when it differs). */
const applyConfigFile = async (db: Database, workspaceId: string, file: string): Promise<void> => {
  const loaded = await loadConfigFile(file).catch(() => null);
  if (!loaded) throw new CliError(`cannot read the configuration file ${file}`);
  if (!loaded.ok) {
    await db.close();
    console.error(formatConfigErrors(loaded.errors));
    throw new CliError(`${file} is not valid: ${loaded.errors.length} problem(s); the server did not start`);
  }
  const change = await changeConfig({ db, workspaceId, actor: SYSTEM_ACTOR }, loaded.config);
  if (change.changed) console.log(`configuration ${file} is now version ${change.version}; re-evaluated ${change.reevaluation?.examined ?? 0} contacts, ${change.reevaluation?.moved ?? 0} moved`);
};

export const registerStartCommand = (program: Command) =>
  program
    .command('start')
    .description('run the HTTP API server, and the background jobs unless --no-workers')
    .option('--port <port>', 'HTTP port (0: a free port the system picks)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .option(...dataOption)
    .option('--config <file>', 'lifecycle configuration file')
    .option('--no-workers', 'serve HTTP only and leave background jobs to `leadcycle worker` processes (PostgreSQL)')
    .action(async (options: { port: string; host: string; data: string; config?: string; workers: boolean }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not "${options.port}"`);
      const started = Date.now();
      const location = locationFromEnv(options.data);
      const reportDb = openReportDatabase(location);
      const db = await openDatabase(location);
      const workspace = await ensureDefaultWorkspace(db);
      const key = await firstAdminKey(db, workspace.id);
      if (options.config) await applyConfigFile(db, workspace.id, options.config);
      const server = await startServer(db, port, options.host, reportDb ? { reportDb } : {});
      const runner = options.workers ? await startLoggedJobRunner(db) : null;
      console.log(`leadcycle is running on ${server.url} (${databaseLabel(db, location)}), ready in ${Date.now() - started} ms`);
      console.log(`API reference: ${server.url}/api/docs`);
      if (reportDb) console.log('reports read from the replica at DATABASE_READ_URL');
      console.log(runner ? 'background jobs run in this process' : 'background jobs are left to `leadcycle worker` processes');
      if (key) console.log(`First start: an admin API key for workspace "${DEFAULT_WORKSPACE_SLUG}" (shown once):\n${key}`);
      stopOnSignal(async () => {
        await server.close();
        await runner?.stop();
        await reportDb?.close();
        await db.close();
      });
    });

// The database a benchmark runs on: embedded PGlite (in this process, in a scratch directory) by default, the
// PostgreSQL of DATABASE_URL when set. Either way migrated, and with the raw COPY path the baselines need.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Database, DatabaseKind } from '../src/store/database.ts';
import { newId } from '../src/store/ids.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgres } from '../src/store/pg-database.ts';
import { openPglite, pgliteDatabase } from '../src/store/pglite-database.ts';
import { createWorkspace } from '../src/store/workspaces.ts';
import { copyInto, pgliteCopyStatement } from '../src/store/copy-in.ts';
import { copySink, recordsetSink, type RowSink } from './generate/row-sink.ts';

export type BenchBackend = {
  kind: DatabaseKind;
  db: Database;
  /** The generator's writer: COPY on PostgreSQL, set-based INSERTs on PGlite. */
  sink: () => Promise<RowSink>;
  /** `COPY (query) TO` in text format, or in binary, the rows a baseline reloads. */
  copyOut: (query: string, format?: 'text' | 'binary') => Promise<Buffer>;
  /** `COPY statement FROM` those bytes: the physical floor of loading rows. */
  copyIn: (statement: string, data: Buffer) => Promise<void>;
  newWorkspace: (name: string) => Promise<string>;
  /**
   * How a server in another process reaches this database: the environment and `leadcycle start` arguments.
   * PGlite has one owner, so on PGlite this closes `db` first and the benchmark may not use it afterwards.
   */
  handOver: () => Promise<{ env: Record<string, string>; args: string[] }>;
  close: () => Promise<void>;
};

/** Enough connections for 50 concurrent requests plus the server's own. */
const POOL_SIZE = 60;

const openPostgresBackend = async (url: string): Promise<BenchBackend> => {
  const db = openPostgres(url, POOL_SIZE);
  await migrate(db);
  const withClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    kind: 'postgres',
    db,
    sink: () => copySink(url),
    copyOut: (query, format = 'text') =>
      withClient(async (client) => {
        const chunks: Buffer[] = [];
        const sinkStream = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) });
        await pipeline(client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT ${format})`)), sinkStream);
        return Buffer.concat(chunks);
      }),
    copyIn: (statement, data) => withClient((client) => copyInto(client, statement, data)),
    newWorkspace: async (name) => (await createWorkspace(db, name, `bench-${name}-${newId()}`)).id,
    handOver: async () => ({ env: { DATABASE_URL: url }, args: [] }),
    close: () => db.close(),
  };
};

const openPgliteBackend = async (): Promise<BenchBackend> => {
  const dir = await mkdtemp(join(tmpdir(), 'leadcycle-bench-'));
  const pglite = await openPglite({ dataDir: join(dir, 'pgdata') });
  const db = pgliteDatabase(pglite);
  await migrate(db);
  let open = true;
  const closeDb = async () => {
    if (open) await db.close();
    open = false;
  };
  return {
    kind: 'pglite',
    db,
    sink: async () => recordsetSink(db),
    copyOut: async (query, format = 'text') => {
      const result = await pglite.query(`COPY (${query}) TO '/dev/blob' WITH (FORMAT ${format})`);
      return Buffer.from((await result.blob?.arrayBuffer()) ?? new ArrayBuffer(0));
    },
    copyIn: async (statement, data) => {
      await pglite.query(pgliteCopyStatement(statement), [], { blob: new Blob([data]) });
    },
    newWorkspace: async (name) => (await createWorkspace(db, name, `bench-${name}-${newId()}`)).id,
    // `leadcycle start --data DIR` opens DIR/pgdata, the directory this PGlite wrote.
    handOver: async () => {
      await closeDb();
      return { env: { DATABASE_URL: '' }, args: ['--data', dir] };
    },
    close: async () => {
      await closeDb();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

export const openBenchBackend = (databaseUrl: string | undefined): Promise<BenchBackend> =>
  databaseUrl ? openPostgresBackend(databaseUrl) : openPgliteBackend();

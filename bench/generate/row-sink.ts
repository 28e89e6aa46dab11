// Where generated rows go. On PostgreSQL: COPY (pg-copy-streams) on connections of its own, a few batches in
// flight so the server ingests while the generator makes the next batch. On any Database (PGlite in a worker,
// or a pool): one set-based INSERT … SELECT FROM json_populate_recordset per batch.

import pg from 'pg';
import { copyInto } from '../../src/store/copy-in.ts';
import { copyText } from '../../src/store/copy-text.ts';
import type { Queryable } from '../../src/store/database.ts';
import { type Cell, TABLES, type TableName } from './tables.ts';

export type RowSink = {
  /** Resolves once the batch may be dropped by the caller; `flush` waits for every batch to be stored. */
  write: (table: TableName, rows: Cell[][]) => Promise<void>;
  flush: () => Promise<void>;
  close: () => Promise<void>;
};

export const copyStatement = (table: TableName, target: string = table): string => `COPY ${target} (${TABLES[table].columns.join(', ')}) FROM STDIN`;

export const copySink = async (connectionString: string, connections = 2): Promise<RowSink> => {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      return client;
    }),
  );
  const idle = [...clients];
  const waiting: ((client: pg.Client) => void)[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const acquire = (): Promise<pg.Client> => (idle.length > 0 ? Promise.resolve(idle.pop()!) : new Promise((resolve) => waiting.push(resolve)));
  const release = (client: pg.Client) => (waiting.length > 0 ? waiting.shift()!(client) : idle.push(client));
  return {
    async write(table, rows) {
      if (failure) throw failure;
      const client = await acquire();
      const text = copyText(rows);
      const done = copyInto(client, copyStatement(table), text)
        .catch((error: unknown) => void (failure ??= error))
        .finally(() => {
          release(client);
          inFlight.delete(done);
        });
      inFlight.add(done);
    },
    async flush() {
      await Promise.all(inFlight);
      if (failure) throw failure;
    },
    close: async () => void (await Promise.all(clients.map((client) => client.end()))),
  };
};

/** A batch as a JSON array of row objects; jsonb cells are spliced in as the JSON they already are. */
const recordsetJson = (table: TableName, rows: readonly (readonly Cell[])[]): string => {
  const { columns, json } = TABLES[table];
  const keys = columns.map((column) => JSON.stringify(column));
  const isJson = columns.map((column) => json.has(column));
  return `[${rows
    .map((row) => `{${row.map((cell, i) => `${keys[i]}:${isJson[i] && cell !== null ? cell : JSON.stringify(cell)}`).join(',')}}`)
    .join(',')}]`;
};

export const recordsetInsert = (table: TableName): string => {
  const columns = TABLES[table].columns.join(', ');
  return `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`;
};

export const recordsetSink = (q: Queryable): RowSink => ({
  write: async (table, rows) => void (await q.query(recordsetInsert(table), [recordsetJson(table, rows)])),
  flush: async () => undefined,
  close: async () => undefined,
});

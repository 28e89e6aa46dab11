// Where generated rows go. On PostgreSQL: COPY (pg-copy-streams) on connections of its own, a few batches in
// flight so the server ingests while the generator makes the next batch. On any Database (PGlite in a worker,
// or a pool): one set-based INSERT … SELECT FROM json_populate_recordset per batch.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Queryable } from '../../src/store/database.ts';
import { type Cell, TABLES, type TableName } from './tables.ts';

export type RowSink = {
  /** Resolves once the batch may be dropped by the caller; `flush` waits for every batch to be stored. */
  write: (table: TableName, rows: Cell[][]) => Promise<void>;
  flush: () => Promise<void>;
  close: () => Promise<void>;
};

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

// The generator's hottest loop: plain concatenation, and a replace only for the rare cell that needs one.
const copyCell = (cell: Cell): string =>
  cell === null ? '\\N' : typeof cell !== 'string' ? String(cell) : SPECIAL.test(cell) ? cell.replace(SPECIALS, (c) => COPY_ESCAPES[c]!) : cell;

/** One row in COPY's text format. */
export const copyLine = (row: readonly Cell[]): string => {
  let line = copyCell(row[0] ?? null);
  for (let i = 1; i < row.length; i++) line += `\t${copyCell(row[i] ?? null)}`;
  return `${line}\n`;
};

export const copyText = (rows: readonly (readonly Cell[])[]): string => {
  let text = '';
  for (const row of rows) text += copyLine(row);
  return text;
};

export const copyStatement = (table: TableName, target: string = table): string => `COPY ${target} (${TABLES[table].columns.join(', ')}) FROM STDIN`;

/** Sends COPY text over a client: the one physical path both the generator and its baseline use. */
export const copyInto = async (client: pg.Client, statement: string, data: string | Buffer): Promise<void> => {
  await pipeline(Readable.from([data]), client.query(copyFrom(statement)));
};

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

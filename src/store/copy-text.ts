// COPY's text format, and sending COPY's input, text or binary (copy-binary.ts): the fastest way PostgreSQL takes many
// rows (the benchmarks' physical floor, the generator's rows, and the events a batch writes).

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value of a row: null is COPY's NULL; anything else is written as its text. */
export type CopyCell = string | number | boolean | null;

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

// A hot loop (the generator's, a batch's events): plain concatenation, and a replace only for the rare cell that needs one.
const copyCell = (cell: CopyCell): string =>
  cell === null ? '\\N' : typeof cell !== 'string' ? String(cell) : SPECIAL.test(cell) ? cell.replace(SPECIALS, (c) => COPY_ESCAPES[c]!) : cell;

/** One row in COPY's text format. */
const copyLine = (row: readonly CopyCell[]): string => {
  let line = copyCell(row[0] ?? null);
  for (let i = 1; i < row.length; i++) line += `\t${copyCell(row[i] ?? null)}`;
  return `${line}\n`;
};

export const copyText = (rows: readonly (readonly CopyCell[])[]): string => {
  let text = '';
  for (const row of rows) text += copyLine(row);
  return text;
};

/** Sends COPY's input, text or binary, over a client (pg-copy-streams): `statement` is `COPY … FROM STDIN`. */
export const copyInto = async (client: pg.ClientBase, statement: string, data: string | Uint8Array): Promise<void> => {
  await pipeline(Readable.from([data]), client.query(copyFrom(statement)));
};

/** `COPY … FROM STDIN` as PGlite reads it: from the blob passed with the query. */
export const pgliteCopyStatement = (statement: string): string => statement.replace(/FROM STDIN\b/, "FROM '/dev/blob'");

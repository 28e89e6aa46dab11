// Sending COPY's input, in its text format (copy-text.ts) or its binary one (copy-binary.ts), to PostgreSQL or PGlite.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Sends COPY's input, text or binary, over a client (pg-copy-streams): `statement` is `COPY … FROM STDIN`. */
export const copyInto = async (client: pg.ClientBase, statement: string, data: string | Uint8Array): Promise<void> => {
  await pipeline(Readable.from([data]), client.query(copyFrom(statement)));
};

/** `COPY … FROM STDIN` as PGlite reads it: from the blob passed with the query. */
export const pgliteCopyStatement = (statement: string): string => statement.replace(/FROM STDIN\b/, "FROM '/dev/blob'");

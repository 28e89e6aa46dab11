import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pgliteCopyStatement } from './copy-in.ts';
import type { Database, Queryable, Row } from './database.ts';
import { DATE_OID, INT8_OID, NUMERIC_OID, parseDate, parseInt8, parseNumeric } from './pg-types.ts';

export type PgliteOptions = {
  /** A data directory; omitted for an in-memory database. */
  dataDir?: string;
  /** A snapshot made by `dumpDataDir`, loaded into a new in-memory database. */
  snapshot?: Blob;
};

export const pgliteParsers = {
  [INT8_OID]: parseInt8,
  [NUMERIC_OID]: parseNumeric,
  [DATE_OID]: parseDate,
};

/** Opens PGlite in this thread. The server runs it behind a worker instead (see pglite-worker-database.ts). */
export const openPglite = async (options: PgliteOptions = {}): Promise<PGlite> => {
  const db = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.snapshot ? { loadDataDir: options.snapshot } : {}),
    parsers: pgliteParsers,
  });
  await db.waitReady;
  return db;
};

const queryableOf = (db: Pick<Transaction, 'query' | 'exec'>): Queryable => ({
  async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
    const result = await db.query<T>(sql, params as unknown[]);
    return result.rows;
  },
  async exec(sql: string) {
    await db.exec(sql);
  },
  async copyIn(statement: string, data: string | Uint8Array) {
    await db.query(pgliteCopyStatement(statement), [], { blob: new Blob([data]) });
  },
});

export const pgliteDatabase = (db: PGlite): Database => {
  // PGlite has one connection: a transaction must not interleave with other statements, so all work queues.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const plain = queryableOf(db);
  return {
    kind: 'pglite',
    query: (sql, params) => serial(() => plain.query(sql, params)),
    exec: (sql) => serial(() => plain.exec(sql)),
    copyIn: (statement, data) => serial(() => plain.copyIn(statement, data)),
    transaction: (work) => serial(() => db.transaction((tx) => work(queryableOf(tx)))),
    close: () => serial(() => db.close()),
  };
};

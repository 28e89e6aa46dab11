import { Worker } from 'node:worker_threads';
import { pgliteCopyStatement } from './copy-in.ts';
import type { Database, Queryable, Row } from './database.ts';

type Reply = { id: number; rows?: Row[]; error?: { message: string; code?: string; detail?: string; constraint?: string } };

/** An error from the database, with the SQLSTATE code the callers map to HTTP answers. */
export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
    readonly constraint?: string,
  ) {
    super(message);
  }
}

/**
 * PGlite in a worker thread. PGlite has one connection, so statements are serialized here: a transaction
 * holds the queue until it ends, and nothing else interleaves with it.
 */
export const openPgliteWorker = (dataDir: string): Database => {
  const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: { dataDir } });
  worker.unref();
  let nextId = 0;
  const pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: Error) => void }>();
  worker.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiter) return;
    if (reply.error) {
      const { message, code, detail, constraint } = reply.error;
      waiter.reject(new DatabaseError(message, code, detail, constraint));
    } else waiter.resolve(reply.rows ?? []);
  });
  worker.on('error', (error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });

  const send = (op: string, sql = '', params: readonly unknown[] = [], text?: string | Uint8Array): Promise<Row[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, sql, params, text });
    });

  const direct: Queryable = {
    query: async <T extends Row>(sql: string, params?: readonly unknown[]) => (await send('query', sql, params)) as T[],
    exec: async (sql: string) => void (await send('exec', sql)),
    copyIn: async (statement: string, data: string | Uint8Array) => void (await send('copy', pgliteCopyStatement(statement), [], data)),
  };

  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };

  return {
    kind: 'pglite',
    query: (sql, params) => serial(() => direct.query(sql, params)),
    exec: (sql) => serial(() => direct.exec(sql)),
    copyIn: (statement, data) => serial(() => direct.copyIn(statement, data)),
    transaction: (work) =>
      serial(async () => {
        await direct.exec('BEGIN');
        try {
          const result = await work(direct);
          await direct.exec('COMMIT');
          return result;
        } catch (error) {
          await direct.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () =>
      serial(async () => {
        await send('close');
        await worker.terminate();
      }),
  };
};

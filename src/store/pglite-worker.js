// Runs PGlite off the main thread so a long query never freezes HTTP handling. Plain JavaScript because
// worker threads do not inherit the TypeScript loader. Messages: { id, op: 'query'|'exec'|'copy'|'close', sql, params, text }
// ('copy': `COPY … FROM '/dev/blob'` with `text`, COPY's text or binary input, as the blob).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

const db = new PGlite({
  dataDir: workerData.dataDir,
  parsers: { [INT8]: Number, [NUMERIC]: Number, [DATE]: (value) => value },
});

const run = async ({ op, sql, params, text }) => {
  await db.waitReady;
  if (op === 'query') return (await db.query(sql, params)).rows;
  if (op === 'copy') return void (await db.query(sql, [], { blob: new Blob([text]) }));
  if (op === 'exec') return void (await db.exec(sql));
  if (op === 'close') {
    await db.exec('CHECKPOINT');
    await db.close();
    return undefined;
  }
  throw new Error(`unknown op ${op}`);
};

parentPort.on('message', async (message) => {
  try {
    parentPort.postMessage({ id: message.id, rows: await run(message) });
  } catch (error) {
    parentPort.postMessage({
      id: message.id,
      error: { message: error.message, code: error.code, detail: error.detail, constraint: error.constraint },
    });
  }
});

import pg from 'pg';
import { copyInto } from './copy-in.ts';
import type { Database, Queryable, Row } from './database.ts';
import { DATE_OID, INT8_OID, NUMERIC_OID, parseDate, parseInt8, parseNumeric, readIsoTimestamptz, TIMESTAMPTZ_OID } from './pg-types.ts';

pg.types.setTypeParser(INT8_OID, parseInt8);
pg.types.setTypeParser(NUMERIC_OID, parseNumeric);
pg.types.setTypeParser(DATE_OID, parseDate);
const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID);
pg.types.setTypeParser(TIMESTAMPTZ_OID, (text: string) => readIsoTimestamptz(text) ?? parseTimestamptz(text));

const queryableOf = (client: pg.Pool | pg.PoolClient): Queryable => ({
  async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
    const result = await client.query<T>(sql, params as unknown[]);
    return result.rows;
  },
  async exec(sql: string) {
    await client.query(sql);
  },
  async copyIn(statement: string, data: string | Uint8Array) {
    if (!(client instanceof pg.Pool)) return copyInto(client, statement, data);
    const connection = await client.connect();
    try {
      await copyInto(connection, statement, data);
    } finally {
      connection.release();
    }
  },
});

export type PostgresOptions = {
  /** Every transaction read-only: a connection for reports, on a replica or not, can never write. */
  readOnly?: boolean;
};

export const openPostgres = (connectionString: string, max = 10, options: PostgresOptions = {}): Database => {
  // JIT compilation pays off for long analytical scans only; on the product's statements (a few thousand rows
  // each, with wide compiled filters) it cost more than the execution itself (100 ms of a 300 ms bulk-scoring batch).
  const settings = ['-c jit=off', ...(options.readOnly ? ['-c default_transaction_read_only=on'] : [])];
  const pool = new pg.Pool({ connectionString, max, options: settings.join(' ') });
  const plain = queryableOf(pool);
  return {
    kind: 'postgres',
    query: plain.query,
    exec: plain.exec,
    copyIn: plain.copyIn,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryableOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
};

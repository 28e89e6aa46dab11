import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestDatabase } from '../../test/databases.ts';
import type { Database } from './database.ts';
import { recordSet } from './record-set.ts';

describe.each(backends)('record sets (%s)', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  it('reads each column with its type, jsonb columns as jsonb, missing and null fields as null', async () => {
    const rows = [
      { id: 1, name: 'a "quoted" \\ name', at: '2025-01-02T03:04:05.000Z', doc: { list: [1, 'two', null], nested: { ok: true } } },
      { id: 2, name: null, doc: null },
      { id: 3, doc: 'text' },
    ];
    const read = await db.query<{ id: number; name: string | null; at: string | null; doc_type: string | null; ok: boolean | null; doc: unknown }>(
      `SELECT x.id, x.name, to_char(x.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS at, jsonb_typeof(x.doc) AS doc_type, (x.doc #>> '{nested,ok}')::boolean AS ok, x.doc
         FROM ${recordSet('$1', 'x', ['id int', 'name text', 'at timestamptz', 'doc jsonb'])} ORDER BY x.id`,
      [JSON.stringify(rows)],
    );
    expect(read).toEqual([
      { id: 1, name: 'a "quoted" \\ name', at: '2025-01-02 03:04:05', doc_type: 'object', ok: true, doc: rows[0]!.doc },
      { id: 2, name: null, at: null, doc_type: null, ok: null, doc: null },
      { id: 3, name: null, at: null, doc_type: 'string', ok: null, doc: 'text' },
    ]);
  });

  it('is a plain json_to_recordset when no column is jsonb', () => {
    expect(recordSet('$2', 'u', ['id uuid', 'n int'])).toBe('json_to_recordset($2::json) AS u(id uuid, n int)');
  });
});

// Reports can read from a streaming replica (DATABASE_READ_URL) while everything else stays on the primary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApi, type ApiClient } from '../../test/api.ts';
import { backends, recording } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';
import { openPostgres } from '../store/pg-database.ts';

type Report = { conversions: number; total: number; rows: { key: string; credit: number }[] };

describe.each(backends)('reports on a report database on %s', (kind) => {
  let db: Database;
  let api: ApiClient;
  // On PostgreSQL a second, read-only pool on the same database stands in for the replica; PGlite has one
  // connection, so there the report database is the database itself, recorded apart.
  let replica: Database | null = null;
  const onReportDb: string[] = [];
  beforeAll(async () => {
    const opened = await openApi(kind, {
      app: (primary) => {
        replica = kind === 'postgres' ? openPostgres(process.env.DATABASE_URL!, 2, { readOnly: true }) : null;
        return { reportDb: recording(replica ?? primary, onReportDb) };
      },
    });
    db = opened.db;
    api = await opened.client();
  });
  afterAll(async () => {
    await replica?.close();
    await db.close();
  });

  it('answers the attribution report from the report database, and sends it nothing else', async () => {
    const at = '2026-03-02T10:00:00Z';
    const events = ['ann@buyer-one.io', 'bob@buyer-two.io'].map((email) => ({
      type: 'form_submitted',
      occurredAt: at,
      contact: { email },
      properties: { formId: 'demo', url: 'https://acme.io/?utm_source=newsletter&utm_medium=email&utm_campaign=march' },
    }));
    expect((await api.call('POST', '/events', { events })).status).toBe(200);
    expect((await api.call('GET', '/contacts?limit=5')).status).toBe(200);
    expect(onReportDb).toEqual([]);

    const res = await api.call<Report>('GET', '/reports/attribution?model=linear&metric=contacts&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ conversions: 2, total: 2, rows: [{ key: 'email', credit: 2 }] });
    expect(onReportDb.length).toBeGreaterThan(0);
    expect(onReportDb.filter((sql) => /\b(insert|update|delete)\b/i.test(sql))).toEqual([]);
  });

  it.runIf(kind === 'postgres')('reads through connections that cannot write', async () => {
    await expect(replica!.query(`INSERT INTO workspaces (id, name, slug) VALUES (gen_random_uuid(), 'x', 'x')`)).rejects.toThrow(/read-only/);
  });
});

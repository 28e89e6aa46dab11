import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/databases.ts';
import type { Database } from './database.ts';
import { readIsoTimestamptz } from './pg-types.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** An instant as PostgreSQL writes it at a UTC offset, with `extra` digits of microseconds after the milliseconds. */
const asPostgresWrites = (instant: number, offsetMinutes: number, extra: string): string => {
  const wall = new Date(instant + offsetMinutes * 60_000).toISOString();
  const fraction = `${wall.slice(20, 23)}${extra}`.replace(/0+$/, '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(offsetMinutes);
  return `${wall.slice(0, 10)} ${wall.slice(11, 19)}${fraction ? `.${fraction}` : ''}${sign}${pad(Math.floor(offset / 60), 2)}${offset % 60 ? `:${pad(offset % 60, 2)}` : ''}`;
};

describe('readIsoTimestamptz', () => {
  it('reads every instant at every offset as PostgreSQL writes it, keeping whole milliseconds', () => {
    const instants = fc.integer({ min: Date.UTC(100, 0, 2), max: Date.UTC(9999, 11, 30) });
    const offsets = fc.integer({ min: -15 * 4, max: 15 * 4 }).map((quarters) => quarters * 15);
    const micros = fc.integer({ min: 0, max: 999 }).map((n) => pad(n, 3));
    fc.assert(
      fc.property(instants, offsets, micros, (instant, offset, extra) => {
        expect(readIsoTimestamptz(asPostgresWrites(instant, offset, extra))?.getTime()).toBe(instant);
      }),
      { numRuns: 2_000 },
    );
    expect(readIsoTimestamptz('2025-06-01 09:30:00+00')?.toISOString()).toBe('2025-06-01T09:30:00.000Z');
    expect(readIsoTimestamptz('2025-06-01 15:00:00.1+05:30')?.toISOString()).toBe('2025-06-01T09:30:00.100Z');
  });

  it('leaves what it does not know to the general parser', () => {
    for (const text of ['infinity', '-infinity', '2025-06-01 09:30:00+00 BC', '0099-06-01 09:30:00+00', '12025-06-01 09:30:00+00', '1883-11-18 11:50:39+00:09:21', '2025-06-01 09:30:00.1234567+00', '2025-06-01 09:30:00', '2025-06-01T09:30:00Z', '2025-06-01 09:30:00.+00']) {
      expect(readIsoTimestamptz(text)).toBeNull();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('timestamptz from PostgreSQL', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
  });
  afterAll(() => db.close());

  it('comes back as the same instant whatever the session time zone', async () => {
    const instants = ['2025-06-01T09:30:00.123Z', '1970-01-01T00:00:00.000Z', '0042-03-04T05:06:07.890Z', '2024-02-29T23:59:59.999Z'];
    for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam']) {
      const rows = await db.transaction(async (tx) => {
        await tx.exec(`SET LOCAL TIME ZONE '${zone}'`);
        return tx.query<{ t: Date }>('SELECT t FROM unnest($1::timestamptz[]) AS t', [instants]);
      });
      expect(rows.map((r) => r.t.toISOString())).toEqual(instants);
    }
  });
});

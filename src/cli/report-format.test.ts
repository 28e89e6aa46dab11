import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AttributionReport } from '../engine/ingest/attribution-report.ts';
import { formatAttributionReport } from './report-format.ts';

const report: AttributionReport = {
  model: 'u_shaped',
  metric: 'contacts',
  by: 'channel',
  unit: 'count',
  conversions: 3,
  total: 3,
  rows: [
    { key: 'paid_search', credit: 1.6667 },
    { key: 'email', credit: 1.3333 },
    { key: 'direct', credit: 0 },
  ],
};

describe('formatAttributionReport', () => {
  it('prints a table with each key’s credit and share, aligned, under what the report is', () => {
    expect(formatAttributionReport(report, 'table', { from: '2026-01-01T00:00:00Z' }).split('\n')).toEqual([
      'attribution of contacts by channel, u shaped model, 2026-01-01T00:00:00Z to now',
      '3 conversions, total 3',
      '',
      'channel      credit  share',
      'paid_search    1.67  55.6%',
      'email          1.33  44.4%',
      'direct            0   0.0%',
    ]);
  });

  it('names money in minor units, and all time when no period is given', () => {
    const money = { ...report, metric: 'revenue' as const, unit: 'minor_units' as const, total: 150_000, rows: [{ key: 'email', credit: 150_000 }] };
    expect(formatAttributionReport(money, 'table').split('\n').slice(0, 2)).toEqual([
      'attribution of revenue (minor units) by channel, u shaped model, all time',
      '3 conversions, total 150,000',
    ]);
  });

  it('writes CSV and JSON that read back to the same credits', () => {
    const rows = parse(formatAttributionReport(report, 'csv'), { columns: true }) as { channel: string; credit: string }[];
    expect(rows.map((row) => [row.channel, Number(row.credit)])).toEqual(report.rows.map((row) => [row.key, row.credit]));
    expect(JSON.parse(formatAttributionReport(report, 'json'))).toEqual(report);
  });
});

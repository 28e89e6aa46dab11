// How `leadcycle report` prints a report: a table for people, JSON or CSV for programs.

import { stringify } from 'csv-stringify/sync';
import type { AttributionReport } from '../engine/ingest/attribution-report.ts';

export const REPORT_FORMATS = ['table', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type ReportPeriod = { from?: string; to?: string };

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

const periodText = ({ from, to }: ReportPeriod): string => (from || to ? `${from ?? 'the start'} to ${to ?? 'now'}` : 'all time');

/** Right-aligns numbers and left-aligns the rest, each column as wide as its widest cell. */
const table = (rows: string[][], numeric: boolean[]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
};

export const formatAttributionReport = (report: AttributionReport, format: ReportFormat, period: ReportPeriod = {}): string => {
  if (format === 'json') return JSON.stringify(report);
  if (format === 'csv') return stringify(report.rows.map((row) => [row.key, row.credit]), { header: true, columns: [report.by, 'credit'] }).trimEnd();
  const unit = report.unit === 'minor_units' ? ' (minor units)' : '';
  const share = (credit: number) => (report.total > 0 ? percent.format(credit / report.total) : '');
  return [
    `attribution of ${report.metric}${unit} by ${report.by}, ${report.model.replace(/_/g, ' ')} model, ${periodText(period)}`,
    `${number.format(report.conversions)} conversions, total ${number.format(report.total)}`,
    '',
    table([[report.by, 'credit', 'share'], ...report.rows.map((row) => [row.key, number.format(row.credit), share(row.credit)])], [false, true, true]),
  ].join('\n');
};

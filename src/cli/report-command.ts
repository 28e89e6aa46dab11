import { Option, type Command } from 'commander';
import { z } from 'zod';
import { ATTRIBUTION_MODELS, type AttributionModel } from '../domain/attribution/models.ts';
import type { CreditKey } from '../domain/attribution/aggregate-credits.ts';
import { ATTRIBUTION_METRICS, type AttributionMetric, attributionReport } from '../engine/ingest/attribution-report.ts';
import { SYSTEM_ACTOR } from '../store/audit.ts';
import { locationFromEnv, openReportDatabase } from '../store/open-database.ts';
import { CliError } from './cli-error.ts';
import { formatAttributionReport, REPORT_FORMATS, type ReportFormat } from './report-format.ts';
import { dataOption, withDatabase } from './with-database.ts';
import { resolveWorkspace, workspaceOption } from './workspace-option.ts';

type AttributionOptions = {
  model: AttributionModel;
  metric: AttributionMetric;
  by: CreditKey;
  from?: string;
  to?: string;
  format: ReportFormat;
  workspace: string;
  data: string;
};

const isoInstant = z.iso.datetime({ offset: true });

/** An instant as the API takes it (the same check): ISO 8601 with an offset. */
const instant = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!isoInstant.safeParse(value).success) {
    throw new CliError(`--${name} must be an ISO 8601 instant with an offset, such as 2026-01-01T00:00:00Z, not "${value}"`);
  }
  return value;
};

export const registerReportCommands = (program: Command) => {
  const report = program.command('report').description('print a report (from the replica at DATABASE_READ_URL when one is set)');
  report
    .command('attribution')
    .description('credit channels or campaigns with the conversions of a period under an attribution model')
    .addOption(new Option('--model <model>', 'attribution model').choices(ATTRIBUTION_MODELS).default('first_touch'))
    .addOption(new Option('--metric <metric>', 'what is credited').choices(ATTRIBUTION_METRICS).default('contacts'))
    .addOption(new Option('--by <key>', 'credit channels or campaigns').choices(['channel', 'campaign']).default('channel'))
    .option('--from <instant>', 'conversions at or after (ISO 8601)')
    .option('--to <instant>', 'conversions before (ISO 8601)')
    .addOption(new Option('--format <format>', 'output').choices(REPORT_FORMATS).default('table'))
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (options: AttributionOptions) => {
      const period = { from: instant('from', options.from), to: instant('to', options.to) };
      const replica = openReportDatabase(locationFromEnv(options.data));
      try {
        const result = await withDatabase(options.data, async (db) => {
          const workspaceId = await resolveWorkspace(db, options.workspace);
          return attributionReport({ db: replica ?? db, workspaceId, actor: SYSTEM_ACTOR }, {
            model: options.model,
            metric: options.metric,
            by: options.by,
            ...(period.from ? { from: period.from } : {}),
            ...(period.to ? { to: period.to } : {}),
          });
        });
        console.log(formatAttributionReport(result, options.format, period));
      } finally {
        await replica?.close();
      }
    });
};

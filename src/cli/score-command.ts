import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { PredictiveReport } from '../domain/predictive/predictive-model.ts';
import { activeModelReport, type StoredModel, trainPredictive } from '../engine/scoring/predictive-service.ts';
import { SYSTEM_ACTOR } from '../store/audit.ts';
import { CliError } from './cli-error.ts';
import { dataOption, withDatabase } from './with-database.ts';
import { resolveWorkspace, workspaceOption } from './workspace-option.ts';

type TrainOptions = { target: string; days: string; horizon: string; kind: string; seed?: string; fromCsv?: string; outcomeColumn?: string; data: string; workspace: string };

const wholeNumber = (name: string, text: string, min: number): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new CliError(`${name} must be a whole number of at least ${min}`);
  return value;
};

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The held-out report as a few lines and the calibration table: what a person reads to trust a model. */
const reportLines = (model: StoredModel): string[] => {
  const r: PredictiveReport = model.report;
  return [
    model.trainedFrom === 'csv'
      ? `model ${model.id} (${model.kind}, trained ${model.createdAt} from a CSV outcome column, read as reaching ${model.targetStage})`
      : `model ${model.id} (${model.kind}, trained ${model.createdAt}): reached ${model.targetStage} within ${model.withinDays} days of creation + ${model.horizonDays}`,
    `held-out contacts: ${r.testRows} (trained on ${r.trainRows}); positive rate ${percent(r.testPositiveRate)}`,
    `AUC ${r.auc.toFixed(3)}  log loss ${r.logLoss.toFixed(3)}`,
    `at threshold ${r.threshold.toFixed(3)}: precision ${percent(r.precision)}  recall ${percent(r.recall)}`,
    'calibration (held-out):',
    '  bin  contacts  predicted  observed',
    ...r.calibration.map((b) => `  ${String(b.bin).padStart(3)}  ${String(b.count).padStart(8)}  ${percent(b.meanPredicted).padStart(9)}  ${percent(b.observedRate).padStart(8)}`),
  ];
};

export const registerScoreCommands = (program: Command) => {
  const score = program.command('score').description('the predictive score: train a model on your history, evaluate it on held-out contacts');
  score
    .command('train')
    .description('train a model (label: reached --target within --days), make it active, score every contact, print the held-out report')
    .option('--target <stage>', 'the stage to predict', 'customer')
    .option('--days <n>', 'the label window in days', '90')
    .option('--horizon <n>', 'features see each contact as of creation + this many days', '7')
    .option('--kind <kind>', 'gbt or logistic', 'gbt')
    .option('--seed <n>', 'seeds the held-out split')
    .option('--from-csv <file>', 'train from a CSV of historical leads instead of the workspace’s contacts')
    .option('--outcome-column <name>', 'with --from-csv: the column saying whether the lead converted (yes/no, true/false, 1/0, won/lost)')
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (options: TrainOptions) => {
      if (options.kind !== 'gbt' && options.kind !== 'logistic') throw new CliError('--kind must be gbt or logistic');
      if ((options.fromCsv === undefined) !== (options.outcomeColumn === undefined)) throw new CliError('--from-csv and --outcome-column go together');
      const text = options.fromCsv === undefined ? null : await readFile(options.fromCsv, 'utf8').catch(() => {
        throw new CliError(`cannot read ${options.fromCsv}`);
      });
      const result = await withDatabase(options.data, async (db) => {
        const workspaceId = await resolveWorkspace(db, options.workspace);
        return trainPredictive(
          { db, workspaceId, actor: SYSTEM_ACTOR },
          {
            kind: options.kind as 'gbt' | 'logistic',
            targetStage: options.target,
            withinDays: wholeNumber('--days', options.days, 1),
            horizonDays: wholeNumber('--horizon', options.horizon, 0),
            ...(options.seed === undefined ? {} : { seed: wholeNumber('--seed', options.seed, 0) }),
            ...(text === null ? {} : { csv: { text, outcomeColumn: options.outcomeColumn! } }),
          },
        );
      });
      if (result.mapped) console.error(`columns read: ${Object.entries(result.mapped).map(([field, header]) => `${header} → ${field}`).join(', ')}`);
      for (const row of result.rejected.slice(0, 20)) console.error(`line ${row.line}: ${row.reason}`);
      if (result.rejected.length > 20) console.error(`… and ${result.rejected.length - 20} more rows set aside`);
      if (result.excluded) {
        console.error(`left out: ${result.excluded.tooRecent} contacts too recent for the label window, ${result.excluded.alreadyReached} already in ${result.model.targetStage}`);
      }
      console.log(reportLines(result.model).join('\n'));
      console.log(`trained and active; ${result.scored} contacts scored`);
    });
  score
    .command('evaluate')
    .description('print the active model’s AUC, precision/recall at its threshold and calibration, measured on held-out contacts only')
    .option(...workspaceOption)
    .option(...dataOption)
    .action(async (options: { data: string; workspace: string }) => {
      const model = await withDatabase(options.data, async (db) => {
        const workspaceId = await resolveWorkspace(db, options.workspace);
        return activeModelReport({ db, workspaceId, actor: SYSTEM_ACTOR });
      });
      console.log(reportLines(model).join('\n'));
    });
};

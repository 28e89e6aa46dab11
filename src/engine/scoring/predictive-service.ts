import { predict, trainPredictiveModel } from '../../domain/predictive/predictive-model.ts';
import type { LabeledSample, PredictiveModel, PredictiveModelKind, PredictiveReport, Prediction } from '../../domain/predictive/predictive-model.ts';
import { writeAudit } from '../../store/audit.ts';
import type { Database, Queryable } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { AppError, invalid } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { currentConfig } from '../workspace-config.ts';
import { type CsvRejection, csvSamples } from './csv-samples.ts';
import { isoInstant, loadPredictiveViews } from './predictive-views.ts';
import { type SampleWindow, workspaceSamples } from './workspace-samples.ts';
import { recordSet } from '../../store/record-set.ts';

export type TrainRequest = SampleWindow & {
  kind: PredictiveModelKind;
  seed?: number;
  /** Train from a CSV of historical leads (its text) and the column that says whether each one converted. */
  csv?: { text: string; outcomeColumn: string };
};

export type StoredModel = {
  id: string;
  createdAt: string;
  kind: PredictiveModelKind;
  trainedFrom: 'workspace' | 'csv';
  targetStage: string;
  withinDays: number;
  horizonDays: number;
  seed: number;
  report: PredictiveReport;
  active: boolean;
};

export type TrainResult = {
  model: StoredModel;
  /** Workspace training: contacts left out (label window still open, or already in the target stage). */
  excluded: { tooRecent: number; alreadyReached: number } | null;
  /** CSV training: rows set aside with their reasons, and which columns were read as what. */
  rejected: CsvRejection[];
  mapped: Record<string, string> | null;
  scored: number;
};

type ModelRow = {
  id: string;
  created_at: unknown;
  kind: PredictiveModelKind;
  trained_from: 'workspace' | 'csv';
  target_stage: string;
  within_days: number;
  horizon_days: number;
  seed: number;
  report: PredictiveReport;
  active: boolean;
};

const MODEL_COLUMNS = 'id, created_at, kind, trained_from, target_stage, within_days, horizon_days, seed, report, active';

const storedModel = (row: ModelRow): StoredModel => ({
  id: row.id,
  createdAt: isoInstant(row.created_at),
  kind: row.kind,
  trainedFrom: row.trained_from,
  targetStage: row.target_stage,
  withinDays: row.within_days,
  horizonDays: row.horizon_days,
  seed: row.seed,
  report: row.report,
  active: row.active,
});

const DEFAULT_SEED = 42;
const SCORE_BATCH = 5_000;

const trainOrRefuse = (samples: readonly LabeledSample[], request: TrainRequest, seed: number) => {
  try {
    return trainPredictiveModel(samples, { kind: request.kind, seed });
  } catch (error) {
    // Too few contacts, or only one outcome among them: the data cannot teach a model, say so plainly.
    if (error instanceof RangeError) throw invalid(`cannot train on these ${samples.length} contacts: ${error.message}`);
    throw error;
  }
};

/**
 * Trains a predictive model on the workspace's own history (or on a CSV of historical leads), stores it
 * as the workspace's active model with its held-out report, and scores every contact with it.
 */
export const trainPredictive = async (ctx: RequestContext, request: TrainRequest): Promise<TrainResult> => {
  const { config } = await currentConfig(ctx.db, ctx.workspaceId);
  if (!config.stages.some((stage) => stage.id === request.targetStage)) {
    throw invalid(`no stage "${request.targetStage}" in the lifecycle (stages: ${config.stages.map((s) => s.id).join(', ')})`, [
      { field: 'targetStage', message: 'not a stage of the current configuration' },
    ]);
  }
  const seed = request.seed ?? DEFAULT_SEED;
  const now = new Date();
  const fromCsv = request.csv === undefined ? null : csvSamples(request.csv.text, request.csv.outcomeColumn, now);
  const fromWorkspace = fromCsv === null ? await workspaceSamples(ctx.db, ctx.workspaceId, request, now) : null;
  const samples = fromCsv?.samples ?? fromWorkspace!.samples;
  const { model, report } = trainOrRefuse(samples, request, seed);
  const id = newId();
  const row = await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE predictive_models SET active = false WHERE workspace_id = $1 AND active', [ctx.workspaceId]);
    const [inserted] = await tx.query<ModelRow>(
      `INSERT INTO predictive_models (workspace_id, id, kind, trained_from, target_stage, within_days, horizon_days, seed, model, report, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true) RETURNING ${MODEL_COLUMNS}`,
      [ctx.workspaceId, id, request.kind, fromCsv ? 'csv' : 'workspace', request.targetStage, request.withinDays, request.horizonDays, seed, JSON.stringify(model), JSON.stringify(report)],
    );
    await writeAudit(tx, ctx.workspaceId, ctx.actor, {
      action: 'predictive_model.train',
      objectType: 'predictive_model',
      objectId: id,
      changes: { active: { before: false, after: true }, auc: { before: null, after: report.auc } },
    });
    return inserted!;
  });
  const scored = await scoreAllContacts(ctx.db, ctx.workspaceId, id, model, now);
  return {
    model: storedModel(row),
    excluded: fromWorkspace && { tooRecent: fromWorkspace.tooRecent, alreadyReached: fromWorkspace.alreadyReached },
    rejected: fromCsv?.rejected ?? [],
    mapped: fromCsv?.mapped ?? null,
    scored,
  };
};

/** Every contact's probability under one model, as of `now`, written set-based a batch at a time. */
export const scoreAllContacts = async (db: Database, workspaceId: string, modelId: string, model: PredictiveModel, now: Date): Promise<number> => {
  let after = '00000000-0000-0000-0000-000000000000';
  let scored = 0;
  const at = now.toISOString();
  for (;;) {
    const ids = (
      await db.query<{ id: string }>(
        `SELECT id FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL AND id > $2 ORDER BY id LIMIT ${SCORE_BATCH}`,
        [workspaceId, after],
      )
    ).map((row) => row.id);
    if (ids.length === 0) break;
    after = ids.at(-1)!;
    const views = await loadPredictiveViews(db, workspaceId, ids, () => at);
    const rows = [...views.values()].map((view) => {
      const prediction = predict(model, { ...view, asOf: at });
      return { contact_id: view.contact.id, probability: prediction.probability, top_features: prediction.topFeatures };
    });
    await db.query(
      `INSERT INTO predictive_scores (workspace_id, contact_id, model_id, probability, top_features, scored_at)
       SELECT $1, x.contact_id, $2, x.probability, x.top_features, $3
         FROM ${recordSet('$4', 'x', ['contact_id uuid', 'probability float8', 'top_features jsonb'])}
       ON CONFLICT (workspace_id, contact_id) DO UPDATE
         SET model_id = excluded.model_id, probability = excluded.probability, top_features = excluded.top_features, scored_at = excluded.scored_at`,
      [workspaceId, modelId, at, JSON.stringify(rows)],
    );
    scored += rows.length;
  }
  // Predictions of an older model for contacts gone since (merged, deleted) would never be refreshed.
  await db.query('DELETE FROM predictive_scores WHERE workspace_id = $1 AND model_id <> $2', [workspaceId, modelId]);
  return scored;
};

export const listPredictiveModels = async (ctx: RequestContext): Promise<StoredModel[]> =>
  (
    await ctx.db.query<ModelRow>(`SELECT ${MODEL_COLUMNS} FROM predictive_models WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC`, [ctx.workspaceId])
  ).map(storedModel);

/** The active model's record and held-out report; refused when no model was trained yet. */
export const activeModelReport = async (ctx: RequestContext): Promise<StoredModel> => {
  const [row] = await ctx.db.query<ModelRow>(`SELECT ${MODEL_COLUMNS} FROM predictive_models WHERE workspace_id = $1 AND active`, [ctx.workspaceId]);
  if (!row) throw new AppError('not_found', 'no predictive model is active yet: train one with `leadcycle score train`');
  return storedModel(row);
};

// A stored model never changes, so its parsed form is kept for the process (its feature columns are indexed once).
const models = new Map<string, PredictiveModel>();

export type ContactPrediction = Prediction & { modelId: string; trainedAt: string };

/** One contact's probability now, under the workspace's active model; null when there is none. */
export const predictContact = async (q: Queryable, workspaceId: string, contactId: string, now: Date): Promise<ContactPrediction | null> => {
  const [row] = await q.query<{ id: string; created_at: unknown }>('SELECT id, created_at FROM predictive_models WHERE workspace_id = $1 AND active', [workspaceId]);
  if (!row) return null;
  let model = models.get(row.id);
  if (model === undefined) {
    const [stored] = await q.query<{ model: PredictiveModel }>('SELECT model FROM predictive_models WHERE workspace_id = $1 AND id = $2', [workspaceId, row.id]);
    model = stored!.model;
    models.set(row.id, model);
  }
  const at = now.toISOString();
  const view = (await loadPredictiveViews(q, workspaceId, [contactId], () => at)).get(contactId);
  if (view === undefined) return null;
  return { ...predict(model, { ...view, asOf: at }), modelId: row.id, trainedAt: isoInstant(row.created_at) };
};

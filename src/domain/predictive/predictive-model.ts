// The predictive score: a model trained on the workspace's own history that gives each contact a
// probability of reaching a chosen stage, the features behind it, and an honest report of its quality
// measured on contacts held out of training.

import { auc, bestF1Threshold, calibrationTable, isHeldOut, logLoss, precisionRecall } from './evaluation.ts';
import type { CalibrationBin } from './evaluation.ts';
import { matrixFromRows } from './feature-matrix.ts';
import { featurize, fitFeatureSpec } from './features.ts';
import type { FeatureSpec, FeatureSpecOptions, PredictiveSample } from './features.ts';
import { gbtContributions, predictGbt, trainGbt } from './gradient-boosting.ts';
import type { GbtModel, GbtOptions } from './gradient-boosting.ts';
import { logisticContributions, predictLogistic, trainLogistic } from './logistic-regression.ts';
import type { LogisticModel, LogisticOptions } from './logistic-regression.ts';

export type LabeledSample = PredictiveSample & { label: boolean };

export type PredictiveModelKind = 'logistic' | 'gbt';

export type TrainPredictiveOptions = {
  kind: PredictiveModelKind;
  /** Seeds the held-out split; the same seed holds out the same contacts. */
  seed: number;
  /** Share of contacts held out for the report (default 0.25). */
  testFraction?: number;
  /** Decision threshold for precision and recall; by default the best-F1 threshold on the training rows. */
  threshold?: number;
  features?: FeatureSpecOptions;
  logistic?: LogisticOptions;
  gbt?: GbtOptions;
};

/** Everything needed to score a contact later. Plain JSON. */
export type PredictiveModel = { version: 1; spec: FeatureSpec; estimator: LogisticModel | GbtModel };

export type PredictiveReport = {
  auc: number;
  logLoss: number;
  precision: number;
  recall: number;
  threshold: number;
  calibration: CalibrationBin[];
  trainRows: number;
  testRows: number;
  trainPositiveRate: number;
  testPositiveRate: number;
};

export type FeatureContribution = { feature: string; contribution: number };

export type Prediction = { probability: number; topFeatures: FeatureContribution[] };

const probabilityOf = (estimator: LogisticModel | GbtModel, row: Float64Array): number =>
  estimator.kind === 'logistic' ? predictLogistic(estimator, row) : predictGbt(estimator, row);

const requireBothClasses = (samples: readonly LabeledSample[], side: string): void => {
  const positives = samples.filter((sample) => sample.label).length;
  if (positives === 0 || positives === samples.length) {
    throw new RangeError(
      `the ${side} contacts (${samples.length}) need both outcomes, found ${positives} that reached the stage`,
    );
  }
};

/**
 * Trains on the contacts outside the held-out split (the feature vocabulary included) and reports on the
 * held-out ones. The returned model is the one the report describes: it has never seen the test contacts.
 */
export const trainPredictiveModel = (
  samples: readonly LabeledSample[],
  options: TrainPredictiveOptions,
): { model: PredictiveModel; report: PredictiveReport } => {
  const testFraction = options.testFraction ?? 0.25;
  const heldOut = (sample: LabeledSample): boolean => isHeldOut(sample.contact.id, options.seed, testFraction);
  const train = samples.filter((sample) => !heldOut(sample));
  const test = samples.filter(heldOut);
  requireBothClasses(train, 'training');
  requireBothClasses(test, 'held-out');

  const spec = fitFeatureSpec(train, options.features);
  const trainRows = train.map((sample) => featurize(spec, sample));
  const trainLabels = train.map((sample) => sample.label);
  const estimator =
    options.kind === 'logistic'
      ? trainLogistic(matrixFromRows(trainRows, spec.names.length), trainLabels, spec.names, options.logistic)
      : trainGbt(matrixFromRows(trainRows, spec.names.length), trainLabels, spec.names, options.gbt);

  const trainProbabilities = trainRows.map((row) => probabilityOf(estimator, row));
  const testProbabilities = test.map((sample) => probabilityOf(estimator, featurize(spec, sample)));
  const testLabels = test.map((sample) => sample.label);
  const threshold = options.threshold ?? bestF1Threshold(trainProbabilities, trainLabels);
  const rate = (labels: boolean[]): number => labels.filter(Boolean).length / labels.length;
  return {
    model: { version: 1, spec, estimator },
    report: {
      auc: auc(testProbabilities, testLabels),
      logLoss: logLoss(testProbabilities, testLabels),
      ...precisionRecall(testProbabilities, testLabels, threshold),
      threshold,
      calibration: calibrationTable(testProbabilities, testLabels),
      trainRows: train.length,
      testRows: test.length,
      trainPositiveRate: rate(trainLabels),
      testPositiveRate: rate(testLabels),
    },
  };
};

/**
 * A contact's probability and the features that moved it most, in log-odds: for logistic regression
 * weight × standardized value (relative to the average training contact), for boosted trees the path
 * attribution (relative to the base rate). Positive contributions raise the probability.
 */
export const predict = (model: PredictiveModel, sample: PredictiveSample, top = 5): Prediction => {
  const row = featurize(model.spec, sample);
  const { estimator } = model;
  const contributions =
    estimator.kind === 'logistic' ? logisticContributions(estimator, row) : gbtContributions(estimator, row).contributions;
  const topFeatures = Array.from(contributions, (contribution, j) => ({ feature: model.spec.names[j]!, contribution }))
    .filter(({ contribution }) => contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1))
    .slice(0, top);
  return { probability: probabilityOf(estimator, row), topFeatures };
};

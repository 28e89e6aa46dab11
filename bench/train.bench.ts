// Training the predictive score (logistic regression and boosted trees) against featurizing the same samples,
// the part of training that touches every sample once and that no model can avoid.

import { featurize, fitFeatureSpec } from '../src/domain/predictive/features.ts';
import { trainPredictiveModel } from '../src/domain/predictive/predictive-model.ts';
import { syntheticSamples } from '../src/domain/predictive/synthetic-samples.ts';
import type { Benchmark } from './benchmark.ts';
import { round, seconds } from './measure.ts';

export const benchmark: Benchmark = {
  name: 'train',
  description: 'trainPredictiveModel (logistic, gbt) on generated samples vs featurization alone',
  unit: 'samples',
  defaultSize: 100_000,
  run: async ({ size, seed }) => {
    const samples = syntheticSamples(size, seed);
    const featurization = await seconds(() => {
      const spec = fitFeatureSpec(samples);
      return samples.map((sample) => featurize(spec, sample)).length;
    });
    const logistic = await seconds(() => trainPredictiveModel(samples, { kind: 'logistic', seed }));
    const gbt = await seconds(() => trainPredictiveModel(samples, { kind: 'gbt', seed }));
    return {
      figures: {
        logisticSeconds: round(logistic.seconds),
        gbtSeconds: round(gbt.seconds),
        logisticAuc: round(logistic.value.report.auc, 4),
        gbtAuc: round(gbt.value.report.auc, 4),
      },
      baseline: { featurizeSeconds: round(featurization.seconds, 3) },
      ratio: round(gbt.seconds / featurization.seconds, 1),
      ratioOf: 'gbt training time ÷ featurization time',
      ratios: { logistic: round(logistic.seconds / featurization.seconds, 1), gbt: round(gbt.seconds / featurization.seconds, 1) },
    };
  },
};

import { describe, expect, it } from 'vitest';
import { auc, isHeldOut } from './evaluation.ts';
import { predict, trainPredictiveModel } from './predictive-model.ts';
import type { PredictiveModel, PredictiveModelKind } from './predictive-model.ts';
import { makeContact, syntheticSamples } from './synthetic-samples.ts';

const SEED = 7;
const samples = syntheticSamples(12_000, 3);
const heldOut = samples.filter((sample) => isHeldOut(sample.contact.id, SEED, 0.25));
// The best any model can do on these rows: rank them by the probabilities that generated their labels.
const bayesAuc = auc(
  heldOut.map((sample) => sample.trueProbability),
  heldOut.map((sample) => sample.label),
);

describe.each<PredictiveModelKind>(['logistic', 'gbt'])('trainPredictiveModel (%s)', (kind) => {
  const { model, report } = trainPredictiveModel(samples, { kind, seed: SEED });

  it('ranks held-out contacts nearly as well as the true probabilities do', () => {
    expect(bayesAuc).toBeGreaterThan(0.7);
    expect(report.auc).toBeGreaterThan(bayesAuc - 0.02);
    expect(report.auc).toBeLessThanOrEqual(bayesAuc + 0.01);
  });

  it('reports on held-out contacts only', () => {
    expect(report.testRows).toBe(heldOut.length);
    expect(report.trainRows + report.testRows).toBe(samples.length);
    expect(report.calibration.reduce((sum, bin) => sum + bin.count, 0)).toBe(report.testRows);
    expect(report.testPositiveRate).toBeCloseTo(heldOut.filter((s) => s.label).length / heldOut.length, 12);
  });

  it('is calibrated: deciles’ mean predictions track their observed rates', () => {
    const { calibration, testRows, testPositiveRate } = report;
    expect(calibration).toHaveLength(10);
    // Expected calibration error; a decile of ~400 rows alone carries ~0.02 of sampling noise.
    const error = calibration.reduce((sum, bin) => sum + bin.count * Math.abs(bin.meanPredicted - bin.observedRate), 0);
    expect(error / testRows).toBeLessThan(0.03);
    const meanPredicted = calibration.reduce((sum, bin) => sum + bin.count * bin.meanPredicted, 0) / testRows;
    expect(Math.abs(meanPredicted - testPositiveRate)).toBeLessThan(0.02);
    expect(report.logLoss).toBeLessThan(0.55);
  });

  it('states precision and recall at a threshold chosen on training rows', () => {
    expect(report.threshold).toBeGreaterThan(0);
    expect(report.threshold).toBeLessThan(1);
    expect(report.precision).toBeGreaterThan(report.testPositiveRate);
    expect(report.recall).toBeGreaterThan(0.3);
  });

  it('scores a contact with the features behind the probability, strongest first', () => {
    const base = samples[0]!;
    const asChief = predict(model, { ...base, contact: { ...base.contact, jobTitle: 'CEO' } });
    const asAnalyst = predict(model, { ...base, contact: { ...base.contact, jobTitle: 'Analyst' } });
    expect(asChief.probability).toBeGreaterThan(asAnalyst.probability);
    expect(asChief.topFeatures.map((f) => f.feature)).toContain('seniority=c_level');
    expect(asChief.topFeatures).toHaveLength(5);
    const sizes = asChief.topFeatures.map((f) => Math.abs(f.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('is plain JSON: a stored model predicts the same', () => {
    const stored = JSON.parse(JSON.stringify(model)) as PredictiveModel;
    for (const sample of heldOut.slice(0, 20)) expect(predict(stored, sample)).toEqual(predict(model, sample));
  });
});

describe('trainPredictiveModel', () => {
  it('refuses a history where no contact (or every contact) reached the stage', () => {
    const none = samples.slice(0, 200).map((sample) => ({ ...sample, label: false }));
    expect(() => trainPredictiveModel(none, { kind: 'logistic', seed: 1 })).toThrow(/need both outcomes/);
  });

  it('learns the feature vocabulary from training contacts only', () => {
    // A country seen only among held-out contacts must not get a column.
    const marked = samples.slice(0, 2000).map((sample) =>
      isHeldOut(sample.contact.id, SEED, 0.25)
        ? { ...sample, contact: makeContact({ ...sample.contact, country: 'ZZ' }) }
        : sample,
    );
    const { model } = trainPredictiveModel(marked, { kind: 'logistic', seed: SEED, features: { minCategoryCount: 1 } });
    expect(model.spec.countries).not.toContain('ZZ');
  });
});

import { describe, expect, it } from 'vitest';
import type { ScoringConfig } from '../domain/scoring/scoring-model.ts';
import { defaultScoringConfig } from './scoring-default.ts';
import { scoringConfigSchema } from './scoring-schema.ts';

const model = () => structuredClone(defaultScoringConfig.models[0]!);

/** The issue paths of a refused config (joined with dots). */
const refusedAt = (input: unknown): string[] => {
  const result = scoringConfigSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => issue.path.join('.'));
};

describe('scoringConfigSchema', () => {
  it('accepts the default config unchanged, as a ScoringConfig', () => {
    const parsed: ScoringConfig = scoringConfigSchema.parse(defaultScoringConfig);
    expect(parsed).toEqual(defaultScoringConfig);
  });

  it('normalizes competitor domains to lower case', () => {
    const m = model();
    m.emailDomain!.competitorDomains = [' Rival.IO '];
    const parsed = scoringConfigSchema.parse({ primary: m.name, models: [m] });
    expect(parsed.models[0]!.emailDomain!.competitorDomains).toEqual(['rival.io']);
  });

  it('refuses a primary that names no model', () => {
    expect(refusedAt({ ...defaultScoringConfig, primary: 'nope' })).toEqual(['primary']);
  });

  it('refuses duplicate model names and duplicate rule ids across fit and engagement', () => {
    expect(refusedAt({ primary: 'default', models: [model(), model()] })).toEqual(['models.0.name', 'models.1.name']);
    const m = model();
    m.engagement[0]!.id = m.fit[0]!.id;
    expect(refusedAt({ primary: m.name, models: [m] })).toEqual(['models.0.fit.0.id', 'models.0.engagement.0.id']);
  });

  it('refuses a rule naming an undefined group', () => {
    const m = model();
    m.engagement[1]!.group = 'nowhere';
    expect(refusedAt({ primary: m.name, models: [m] })).toEqual(['models.0.engagement.1.group']);
  });

  it('refuses unknown event types, non-positive caps and windows, and a bad condition', () => {
    const m = model();
    m.engagement[0]!.event = 'page_visit';
    m.engagement[1]!.maxPoints = 0;
    m.engagement[2]!.within = { amount: -1, unit: 'days' };
    (m.fit[0] as { when: unknown }).when = { property: 'jobTitle', op: 'resembles', value: 'VP' };
    expect(refusedAt({ primary: m.name, models: [m] })).toEqual(
      expect.arrayContaining([
        'models.0.engagement.0.event',
        'models.0.engagement.1.maxPoints',
        'models.0.engagement.2.within.amount',
        expect.stringMatching(/^models\.0\.fit\.0\.when/),
      ]),
    );
  });

  it('refuses grade thresholds out of order and a negative half-life', () => {
    const m = model();
    m.grade = { fitA: 30, fitB: 40, engagement1: 10, engagement2: 20 };
    m.halfLifeDays = -1;
    expect(refusedAt({ primary: m.name, models: [m] })).toEqual(
      expect.arrayContaining(['models.0.grade.fitA', 'models.0.grade.engagement1', 'models.0.halfLifeDays']),
    );
  });

  it('refuses a malformed competitor domain', () => {
    const m = model();
    m.emailDomain!.competitorDomains = ['not a domain'];
    expect(refusedAt({ primary: m.name, models: [m] })).toEqual(['models.0.emailDomain.competitorDomains.0']);
  });
});

import { describe, expect, it } from 'vitest';
import type { ContactEvent } from '../event.ts';
import { emailDomainType } from './email-domain-type.ts';
import { featurize, fitFeatureSpec } from './features.ts';
import type { FeatureSpec, PredictiveSample } from './features.ts';
import { seniorityOf } from './seniority.ts';
import { makeCompany, makeContact } from './synthetic-samples.ts';

const AS_OF = '2025-03-01T00:00:00.000Z';

const event = (type: ContactEvent['type'], occurredAt: string): ContactEvent => ({
  id: `${type}-${occurredAt}`,
  type,
  occurredAt,
  properties: {},
});

const sample = (id: string, overrides: Partial<PredictiveSample> & { country?: string | null } = {}): PredictiveSample => ({
  contact: makeContact({ id, country: overrides.country ?? null, createdAt: '2025-02-01T00:00:00.000Z' }),
  company: null,
  events: [],
  asOf: AS_OF,
  ...overrides,
});

const valueOf = (spec: FeatureSpec, vector: Float64Array, name: string): number => {
  const index = spec.names.indexOf(name);
  if (index < 0) throw new Error(`no feature ${name}`);
  return vector[index]!;
};

describe('seniorityOf', () => {
  it('reads the level from title keywords', () => {
    expect(seniorityOf('CEO & Co-Founder')).toBe('c_level');
    expect(seniorityOf('Chief Revenue Officer')).toBe('c_level');
    expect(seniorityOf('Senior Vice President, Sales')).toBe('vp');
    expect(seniorityOf('VP Marketing')).toBe('vp');
    expect(seniorityOf('Head of Growth')).toBe('director');
    expect(seniorityOf('Marketing Manager')).toBe('manager');
    expect(seniorityOf('Data Analyst')).toBe('individual');
    expect(seniorityOf('  ')).toBe('unknown');
    expect(seniorityOf(null)).toBe('unknown');
  });
});

describe('emailDomainType', () => {
  it('tells business, free and disposable addresses apart', () => {
    expect(emailDomainType('ana@acme.io')).toBe('business');
    expect(emailDomainType('ana@Gmail.com')).toBe('free');
    expect(emailDomainType('ana@10minutemail.com')).toBe('disposable');
    expect(emailDomainType(null)).toBe('none');
    expect(emailDomainType('not an address')).toBe('none');
  });
});

describe('fitFeatureSpec and featurize', () => {
  const training = [
    ...Array.from({ length: 3 }, (_, i) => sample(`us-${i}`, { country: 'us' })),
    ...Array.from({ length: 2 }, (_, i) => sample(`fr-${i}`, { country: 'FR' })),
    sample('de-0', { country: 'DE' }),
    sample('none-0'),
  ];
  const spec = fitFeatureSpec(training, { minCategoryCount: 2 });

  it('learns the categories frequent enough in training; the rest share "other"', () => {
    expect(spec.countries).toEqual(['US', 'FR']);
    const vector = (country: string | null) => featurize(spec, sample('x', { country }));
    expect(valueOf(spec, vector('us'), 'country=US')).toBe(1);
    expect(valueOf(spec, vector('DE'), 'country=other')).toBe(1);
    expect(valueOf(spec, vector('JP'), 'country=other')).toBe(1);
    expect(valueOf(spec, vector(null), 'country=none')).toBe(1);
  });

  it('sets exactly one column in each one-hot group', () => {
    const vector = featurize(spec, sample('x', { country: 'FR' }));
    for (const prefix of ['seniority=', 'emailDomain=', 'country=', 'company.industry=', 'originalSource=']) {
      const ones = spec.names.filter((name, j) => name.startsWith(prefix) && vector[j] === 1);
      const total = spec.names.reduce((sum, name, j) => sum + (name.startsWith(prefix) ? vector[j]! : 0), 0);
      expect(ones.length).toBe(1);
      expect(total).toBe(1);
    }
    expect(vector.length).toBe(spec.names.length);
  });

  it('reads company size on a log scale, with a flag when unknown', () => {
    const withCompany = sample('x', { company: makeCompany({ id: 'c', employees: 99, industry: 'Software' }) });
    const vector = featurize(spec, withCompany);
    expect(valueOf(spec, vector, 'company.employees.log')).toBeCloseTo(Math.log(100), 12);
    expect(valueOf(spec, vector, 'company.employees.missing')).toBe(0);
    expect(valueOf(spec, vector, 'company.industry=other')).toBe(1);
    expect(valueOf(spec, featurize(spec, sample('y')), 'company.employees.missing')).toBe(1);
  });

  it('one-hot encodes the original source channel', () => {
    const touch = { campaign: null, source: null, medium: null, term: null, referrerDomain: null, at: AS_OF };
    const withSource = (channel: string) =>
      featurize(spec, { ...sample('x'), contact: makeContact({ id: 'x', originalSource: { ...touch, channel } }) });
    expect(valueOf(spec, withSource('paid_social'), 'originalSource=paid_social')).toBe(1);
    expect(valueOf(spec, withSource('carrier_pigeon'), 'originalSource=none')).toBe(1);
    expect(valueOf(spec, featurize(spec, sample('y')), 'originalSource=none')).toBe(1);
  });

  describe('events', () => {
    const active = sample('active', {
      events: [
        event('page_view', '2025-02-27T00:00:00.000Z'),
        event('page_view', '2025-02-20T00:00:00.000Z'),
        event('page_view', '2025-02-28T12:00:00.000Z'),
        event('form_submitted', '2025-02-10T00:00:00.000Z'),
      ],
    });
    const eventSpec = fitFeatureSpec([active, sample('quiet')], { minCategoryCount: 1, capDays: 90 });

    it('counts events per type on a log scale and measures days since the latest', () => {
      const vector = featurize(eventSpec, active);
      expect(eventSpec.eventTypes).toEqual(['form_submitted', 'page_view']);
      expect(valueOf(eventSpec, vector, 'events.page_view.count.log')).toBeCloseTo(Math.log(4), 12);
      expect(valueOf(eventSpec, vector, 'events.page_view.daysSinceLast')).toBeCloseTo(0.5, 12);
      expect(valueOf(eventSpec, vector, 'events.form_submitted.daysSinceLast')).toBeCloseTo(19, 12);
      expect(valueOf(eventSpec, vector, 'events.all.count.log')).toBeCloseTo(Math.log(5), 12);
      expect(valueOf(eventSpec, vector, 'contact.ageDays')).toBeCloseTo(28, 12);
    });

    it('reads "never" as the cap', () => {
      const vector = featurize(eventSpec, sample('quiet'));
      expect(valueOf(eventSpec, vector, 'events.page_view.count.log')).toBe(0);
      expect(valueOf(eventSpec, vector, 'events.page_view.daysSinceLast')).toBe(90);
    });

    it('ignores events at or after asOf, so later outcomes cannot leak in', () => {
      const withFuture = {
        ...active,
        events: [...active.events, event('page_view', AS_OF), event('meeting_booked', '2025-03-05T00:00:00.000Z')],
      };
      expect(featurize(eventSpec, withFuture)).toEqual(featurize(eventSpec, active));
      expect(fitFeatureSpec([withFuture], { minCategoryCount: 1 }).eventTypes).not.toContain('meeting_booked');
    });
  });

  it('reads an unreadable creation date as long ago, and refuses an unreadable asOf', () => {
    const undated = { ...sample('x'), contact: makeContact({ id: 'x', createdAt: 'yesterday' }) };
    expect(valueOf(spec, featurize(spec, undated), 'contact.ageDays')).toBe(spec.capDays);
    expect(() => featurize(spec, { ...sample('x'), asOf: 'soon' })).toThrow(RangeError);
  });

  it('survives a JSON round trip', () => {
    const copy = JSON.parse(JSON.stringify(spec)) as FeatureSpec;
    const probe = sample('x', { country: 'FR' });
    expect(featurize(copy, probe)).toEqual(featurize(spec, probe));
  });
});

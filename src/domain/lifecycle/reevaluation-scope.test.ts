import { describe, expect, it } from 'vitest';
import { templateConfig } from '../../config/templates.ts';
import type { LifecycleConfig, Stage } from './lifecycle-config.ts';
import { readsClock, reevaluationScope } from './reevaluation-scope.ts';

const classic = () => templateConfig('classic');
const stage = (config: LifecycleConfig, id: string): Stage => config.stages.find((s) => s.id === id)!;
const scopeOf = (change: (config: LifecycleConfig) => void) => {
  const current = classic();
  change(current);
  const scope = reevaluationScope(classic(), current);
  return scope === 'all' ? scope : [...scope].sort();
};

describe('reevaluationScope', () => {
  it('looks at every stage when nothing was applied before', () => {
    expect(reevaluationScope(null, classic())).toBe('all');
  });

  it('looks at no stage when nothing changed and no criteria read the clock', () => {
    expect(scopeOf(() => undefined)).toEqual([]);
  });

  it('looks at the stages whose entry criteria changed, and only those', () => {
    expect(scopeOf((c) => (stage(c, 'lead').entry = { property: 'email', op: 'exists' }))).toEqual(['lead']);
    expect(scopeOf((c) => (stage(c, 'sales_qualified').entry = null))).toEqual(['sales_qualified']);
  });

  it('looks at a stage whose required fields changed and at every later stage, since a jump past it needs them too', () => {
    expect(scopeOf((c) => (stage(c, 'sales_qualified').requiredFields = ['email']))).toEqual(['customer', 'evangelist', 'opportunity', 'sales_qualified']);
    // The same fields in another order are the same requirement.
    expect(scopeOf((c) => stage(c, 'sales_qualified').requiredFields.reverse())).toEqual([]);
  });

  it('always looks at stages whose criteria read the clock', () => {
    const recentVisits = { event: 'page_view', within: { amount: 7, unit: 'days' as const }, count: { op: 'gte' as const, value: 3 } };
    expect(scopeOf((c) => (stage(c, 'marketing_qualified').entry = recentVisits))).toEqual(['marketing_qualified']);
    const current = classic();
    stage(current, 'evangelist').entry = { property: 'lastReviewAt', op: 'within_last', value: { amount: 30, unit: 'days' } };
    expect([...(reevaluationScope(current, current) as Set<string>)]).toEqual(['evangelist']);
  });

  it('looks at every stage when the path itself or an exit gate changed', () => {
    expect(scopeOf((c) => (stage(c, 'lead').order = 35))).toBe('all');
    expect(scopeOf((c) => (stage(c, 'lead').exit = { property: 'country', op: 'exists' }))).toBe('all');
    expect(scopeOf((c) => (stage(c, 'other').offPath = false))).toBe('all');
    expect(scopeOf((c) => c.stages.splice(c.stages.indexOf(stage(c, 'evangelist')), 1))).toBe('all');
  });
});

describe('readsClock', () => {
  it('finds relative time anywhere in a filter, in property and event conditions alike', () => {
    expect(readsClock({ all: [{ property: 'email', op: 'exists' }, { not: { property: 'createdAt', op: 'more_than_ago', value: { amount: 1, unit: 'days' } } }] })).toBe(true);
    expect(readsClock({ event: 'form_submitted', last: { op: 'within_last', value: { amount: 2, unit: 'hours' } } })).toBe(true);
    expect(readsClock({ event: 'page_view', where: { property: 'at', op: 'within_last', value: { amount: 2, unit: 'hours' } } })).toBe(true);
    expect(readsClock({ any: [{ event: 'form_submitted', first: { op: 'between', value: ['2024-01-01', '2024-02-01'] } }, { property: 'createdAt', op: 'gt', value: '2024-01-01' }] })).toBe(false);
  });
});

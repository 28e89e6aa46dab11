import { describe, expect, it } from 'vitest';
import { templateConfig } from '../../config/templates.ts';
import { configEventTypes, summarizableEventTypes } from './config-event-types.ts';

describe('configEventTypes', () => {
  it('lists the event types that stage criteria and score rules name, and nothing else', () => {
    const types = configEventTypes(templateConfig('classic'));
    expect(types).toEqual(expect.arrayContaining(['form_submitted', 'meeting_booked', 'deal_created', 'deal_won', 'page_view']));
    expect(types).not.toContain('email_opened');
    expect(new Set(types).size).toBe(types.length);
  });
});

describe('summarizableEventTypes', () => {
  const classic = templateConfig('classic');
  const withRules = (change: (rules: typeof classic.scoring.models[number]['engagement']) => typeof rules) => ({
    ...classic,
    scoring: { ...classic.scoring, models: classic.scoring.models.map((model) => ({ ...model, engagement: change(model.engagement) })) },
  });

  it('takes the types only engagement rules look at, and none a stage criterion names', () => {
    expect(summarizableEventTypes(classic)).toEqual(['custom:unsubscribed', 'email_clicked', 'page_view']);
  });

  it('keeps listing a type one of whose rules counts an event differently at different times', () => {
    const windowed = withRules((rules) => rules.map((rule) => (rule.event === 'page_view' && rule.id === 'page_view' ? { ...rule, within: { amount: 7, unit: 'days' as const } } : rule)));
    expect(summarizableEventTypes(windowed)).toEqual(['custom:unsubscribed', 'email_clicked']);
    const recent = withRules((rules) => [...rules, { id: 'recent', label: 'Recent click', event: 'email_clicked', points: 1, mode: 'repeatable' as const, where: { property: 'occurredAt', op: 'within_last' as const, value: { amount: 1, unit: 'days' as const } } }]);
    expect(summarizableEventTypes(recent)).toEqual(['custom:unsubscribed', 'page_view']);
  });

  it('keeps listing a type a fit rule names', () => {
    const fit = { ...classic, scoring: { ...classic.scoring, models: classic.scoring.models.map((model) => ({ ...model, fit: [...model.fit, { id: 'clicker', label: 'Clicker', when: { event: 'email_clicked' }, points: 5 }] })) } };
    expect(summarizableEventTypes(fit)).toEqual(['custom:unsubscribed', 'page_view']);
  });
});

import { describe, expect, it } from 'vitest';
import { blankContact } from '../domain/contact.ts';
import type { ContactEvent } from '../domain/event.ts';
import { apply } from '../domain/lifecycle/apply.ts';
import type { LifecycleConfig } from '../domain/lifecycle/lifecycle-config.ts';
import type { LifecycleState } from '../domain/lifecycle/lifecycle-state.ts';
import { defaultScoringConfig } from './scoring-default.ts';
import { TEMPLATE_NAMES, templateYaml } from './template-files.ts';
import { templateConfig } from './templates.ts';
import { parseConfigYaml } from './load-config.ts';

const newContact = (properties: Record<string, unknown> = {}): LifecycleState => ({
  view: {
    contact: {
      ...blankContact('c-1', '2025-03-01T00:00:00.000Z'),
      email: 'grace@globex.example',
      firstName: 'Grace',
      lastName: 'Hopper',
      jobTitle: 'VP Engineering',
      country: 'US',
      companyId: 'co-1',
      properties,
    },
    company: {
      id: 'co-1',
      name: 'Globex',
      domain: 'globex.example',
      industry: 'software',
      employees: 400,
      annualRevenue: null,
      country: 'US',
      city: null,
      lifecycleStage: null,
      customerStatus: null,
      ownerId: null,
      properties: {},
      createdAt: '2025-03-01T00:00:00.000Z',
      updatedAt: '2025-03-01T00:00:00.000Z',
    },
    events: [],
  },
  qualifyingFrom: null,
});

const event = (id: string, type: ContactEvent['type'], occurredAt: string, properties: Record<string, unknown> = {}): ContactEvent => ({
  id,
  type,
  occurredAt,
  properties,
});

const run = (config: LifecycleConfig, state: LifecycleState, events: ContactEvent[]): LifecycleState =>
  events.reduce((current, next) => apply(current, { kind: 'event', event: next }, config).state, state);

describe('shipped templates', () => {
  it('both templates load and validate', () => {
    for (const name of TEMPLATE_NAMES) {
      const result = parseConfigYaml(templateYaml(name));
      expect(result.ok ? [] : result.errors).toEqual([]);
      expect(templateConfig(name).template).toBe(name);
    }
  });

  it('define the stages DESIGN.md lists, in order, with `other` off the path', () => {
    const ids = (config: LifecycleConfig) => [...config.stages].sort((a, b) => a.order - b.order).map((stage) => stage.id);
    expect(ids(templateConfig('classic'))).toEqual([
      'subscriber',
      'lead',
      'marketing_qualified',
      'sales_qualified',
      'opportunity',
      'customer',
      'evangelist',
      'other',
    ]);
    expect(ids(templateConfig('waterfall'))).toEqual([
      'raw',
      'marketing_accepted',
      'marketing_qualified',
      'sales_accepted',
      'sales_generated',
      'sales_qualified',
      'opportunity',
      'customer',
      'evangelist',
      'other',
    ]);
    for (const name of TEMPLATE_NAMES) {
      expect(templateConfig(name).stages.filter((stage) => stage.offPath).map((stage) => stage.id)).toEqual(['other']);
    }
  });

  it('use the shipped default scoring when the file has no scoring section', () => {
    expect(templateConfig('classic').scoring).toEqual(defaultScoringConfig);
  });

  it('classic: a content form makes a lead, a demo request an SQL (MQL skipped), a deal an opportunity, a won deal a customer', () => {
    const config = templateConfig('classic');
    const lead = run(config, newContact(), [event('e1', 'form_submitted', '2025-03-02T10:00:00.000Z', { formId: 'ebook-2025' })]);
    expect(lead.view.contact.lifecycleStage).toBe('lead');

    const demo = apply(lead, { kind: 'event', event: event('e2', 'form_submitted', '2025-03-03T10:00:00.000Z', { formId: 'demo-request' }) }, config);
    expect(demo.state.view.contact.lifecycleStage).toBe('sales_qualified');
    expect(
      demo.effects.flatMap((effect) => (effect.type === 'transition' ? [[effect.transition.to, effect.transition.skipped]] : [])),
    ).toEqual([
      ['marketing_qualified', true],
      ['sales_qualified', false],
    ]);

    const customer = run(config, demo.state, [
      event('e3', 'deal_created', '2025-03-10T10:00:00.000Z'),
      event('e4', 'deal_won', '2025-04-10T10:00:00.000Z'),
    ]);
    expect(customer.view.contact).toMatchObject({ lifecycleStage: 'customer', customerStatus: 'active', leadStatus: 'open_deal' });
  });

  it('waterfall: an outbound lead enters sales_generated directly, skipping no marketing stage', () => {
    const config = templateConfig('waterfall');
    const call = event('e1', 'call_logged', '2025-03-02T10:00:00.000Z');
    const result = apply(newContact({ leadOrigin: 'outbound' }), { kind: 'event', event: call }, config);
    expect(result.state.view.contact).toMatchObject({ lifecycleStage: 'sales_generated', leadStatus: 'new' });
    expect(result.effects.filter((effect) => effect.type === 'transition')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { ContactEvent } from '../event.ts';
import { primaryModel } from '../scoring/score.ts';
import type { ScoreModel } from '../scoring/scoring-model.ts';
import { apply, type LifecycleInput } from './apply.ts';
import { fitOutlastsEvents } from './carried-fit.ts';
import type { LifecycleConfig } from './lifecycle-config.ts';
import { company, config, contactWith, eventOn, stateOf } from './lifecycle-fixture.ts';
import type { LifecycleEffect, LifecycleState } from './lifecycle-state.ts';
import type { Transition } from './transition.ts';

const step = (state: LifecycleState, event: ContactEvent) => apply(state, { kind: 'event', event }, config);

const transitionsIn = (effects: readonly LifecycleEffect[]): Transition[] =>
  effects.flatMap((effect) => (effect.type === 'transition' ? [effect.transition] : []));

const exitsIn = (effects: readonly LifecycleEffect[]) => effects.filter((effect) => effect.type === 'stage_exited');

const leadOf = (fields: Parameters<typeof contactWith>[0] = {}, events: ContactEvent[] = []) =>
  stateOf(
    contactWith({ lifecycleStage: 'lead', stageEnteredAt: '2025-01-01T12:00:00.000Z', ...fields }),
    events,
    company,
  );

describe('apply: a contact with no stage yet', () => {
  it('enters the first stage when it meets no criteria', () => {
    const event = eventOn(2, 'page_view', { url: '/blog' });
    const { state, effects } = step(stateOf(contactWith()), event);
    expect(state.view.contact.lifecycleStage).toBe('subscriber');
    expect(transitionsIn(effects)).toEqual([
      {
        from: null,
        to: 'subscriber',
        enteredAt: event.occurredAt,
        exitedAt: null,
        skipped: false,
        cause: { kind: 'event', eventId: event.id },
        reason: null,
      },
    ]);
    expect(exitsIn(effects)).toEqual([]);
  });

  it('joins the path at the furthest stage it meets, earlier stages recorded as skipped', () => {
    const { state, effects } = step(stateOf(contactWith()), eventOn(2, 'form_submitted', { formId: 'ebook' }));
    expect(state.view.contact.lifecycleStage).toBe('lead');
    expect(transitionsIn(effects).map(({ from, to, skipped }) => ({ from, to, skipped }))).toEqual([
      { from: null, to: 'subscriber', skipped: true },
      { from: 'subscriber', to: 'lead', skipped: false },
    ]);
  });

  it('goes off the path when it meets an off-path stage, which rules then never leave', () => {
    const partner = stateOf(contactWith({ properties: { contactType: 'partner' } }), [], company);
    const arrived = step(partner, eventOn(2, 'page_view'));
    expect(arrived.state.view.contact.lifecycleStage).toBe('other');
    expect(transitionsIn(arrived.effects).map((row) => row.to)).toEqual(['other']);

    const demo = step(arrived.state, eventOn(3, 'form_submitted', { formId: 'demo' }));
    expect(demo.state.view.contact.lifecycleStage).toBe('other');
    expect(transitionsIn(demo.effects)).toEqual([]);
  });
});

describe('apply: moving forward', () => {
  it('a lead that submits a demo request form jumps to sales_qualified with marketing_qualified recorded as skipped', () => {
    const demo = eventOn(5, 'form_submitted', { formId: 'demo' });
    const { state, effects } = step(leadOf(), demo);

    expect(state.view.contact.lifecycleStage).toBe('sales_qualified');
    expect(exitsIn(effects)).toEqual([{ type: 'stage_exited', stage: 'lead', exitedAt: demo.occurredAt }]);
    expect(transitionsIn(effects)).toEqual([
      {
        from: 'lead',
        to: 'marketing_qualified',
        enteredAt: demo.occurredAt,
        exitedAt: demo.occurredAt,
        skipped: true,
        cause: { kind: 'event', eventId: demo.id },
        reason: null,
      },
      {
        from: 'marketing_qualified',
        to: 'sales_qualified',
        enteredAt: demo.occurredAt,
        exitedAt: null,
        skipped: false,
        cause: { kind: 'event', eventId: demo.id },
        reason: null,
      },
    ]);
    // The skipped MQL stage still hands the lead to sales as `new`.
    expect(state.view.contact.leadStatus).toBe('new');
  });

  it('recomputes scores before the criteria, so the event that crosses a threshold moves the contact', () => {
    const earlier = [eventOn(2, 'form_submitted', { formId: 'ebook' }), eventOn(3, 'page_view'), eventOn(3, 'page_view'), eventOn(3, 'page_view')];
    const lead = leadOf({ jobTitle: 'VP Marketing', fitScore: 40, engagementScore: 50 }, earlier);
    const visit = eventOn(4, 'page_view', { url: '/pricing' });

    const { state, effects } = step(lead, visit);
    expect(state.view.contact).toMatchObject({ engagementScore: 60, fitScore: 40, lifecycleStage: 'marketing_qualified' });
    expect(effects).toContainEqual({
      type: 'contact_updated',
      changes: { engagementScore: 60, lifecycleStage: 'marketing_qualified', stageEnteredAt: visit.occurredAt, leadStatus: 'new' },
    });
    const scored = effects.find((effect) => effect.type === 'scored');
    expect(scored).toMatchObject({ score: { fit: 40, engagement: 60 } });
  });

  it('an automatic rule never moves a customer back, whatever it meets or stops meeting', () => {
    const customer = stateOf(
      contactWith({ lifecycleStage: 'customer', customerStatus: 'active', stageEnteredAt: '2025-01-01T12:00:00.000Z' }),
      [],
      company,
    );
    for (const event of [eventOn(9, 'form_submitted', { formId: 'newsletter' }), eventOn(10, 'form_submitted', { formId: 'demo' })]) {
      const { state, effects } = step(customer, event);
      expect(state.view.contact.lifecycleStage).toBe('customer');
      expect(transitionsIn(effects)).toEqual([]);
      expect(exitsIn(effects)).toEqual([]);
    }
  });

  it('moves on from a customer only forward, to evangelist', () => {
    const customer = stateOf(contactWith({ lifecycleStage: 'customer', customerStatus: 'active' }), [], company);
    const { state } = step(customer, eventOn(9, 'custom:referral_made'));
    expect(state.view.contact.lifecycleStage).toBe('evangelist');
  });

  it('makes a contact entering a customer stage an active customer', () => {
    const opportunity = stateOf(contactWith({ lifecycleStage: 'opportunity', leadStatus: 'open_deal' }), [], company);
    const { state } = step(opportunity, eventOn(20, 'deal_won'));
    expect(state.view.contact).toMatchObject({ lifecycleStage: 'customer', customerStatus: 'active', leadStatus: 'open_deal' });
  });

  it('keeps the lead status when the entered stage sets none (status is not stage)', () => {
    const mql = stateOf(contactWith({ lifecycleStage: 'marketing_qualified', leadStatus: 'connected' }), [], company);
    const { state } = step(mql, eventOn(6, 'meeting_booked'));
    expect(state.view.contact).toMatchObject({ lifecycleStage: 'sales_qualified', leadStatus: 'connected' });
  });

  it('counts a redelivered event once', () => {
    const form = eventOn(2, 'form_submitted', { formId: 'ebook' });
    const once = step(leadOf(), form);
    const twice = step(once.state, form);
    expect(twice.state.view.contact.engagementScore).toBe(20);
    expect(twice.state.view.events).toHaveLength(1);
  });
});

describe('apply: required fields and exit criteria', () => {
  it('required fields block entry with the missing list; the contact stays until they are filled', () => {
    const lead = stateOf(contactWith({ lifecycleStage: 'lead' }), [], null);
    const demo = eventOn(5, 'form_submitted', { formId: 'demo' });
    const blocked = step(lead, demo);

    expect(blocked.state.view.contact.lifecycleStage).toBe('lead');
    expect(transitionsIn(blocked.effects)).toEqual([]);
    expect(blocked.effects).toContainEqual({ type: 'entry_blocked', stage: 'sales_qualified', missingFields: ['company.name'] });

    const filled = apply(
      blocked.state,
      { kind: 'properties', at: '2025-01-06T09:00:00.000Z', changes: { companyId: company.id }, company },
      config,
    );
    expect(filled.state.view.contact.lifecycleStage).toBe('sales_qualified');
    expect(transitionsIn(filled.effects).at(-1)).toMatchObject({
      to: 'sales_qualified',
      enteredAt: '2025-01-06T09:00:00.000Z',
      cause: { kind: 'property_change' },
    });
  });

  it('a stage with exit criteria holds the contact until they are met', () => {
    const gated = {
      ...config,
      stages: config.stages.map((stage) =>
        stage.id === 'lead' ? { ...stage, exit: { property: 'country', op: 'exists' as const } } : stage,
      ),
    };
    const lead = leadOf({ country: null });
    const demo = eventOn(5, 'form_submitted', { formId: 'demo' });
    expect(apply(lead, { kind: 'event', event: demo }, gated).state.view.contact.lifecycleStage).toBe('lead');
    const located = apply(lead, { kind: 'properties', at: demo.occurredAt, changes: { country: 'FR' } }, gated);
    expect(located.state.view.contact.lifecycleStage).toBe('lead');
    const afterDemo = apply(located.state, { kind: 'event', event: demo }, gated);
    expect(afterDemo.state.view.contact.lifecycleStage).toBe('sales_qualified');
  });
});

describe('apply: the fit an earlier event step computed', () => {
  const vp = { property: 'jobTitle', op: 'contains', value: 'VP' } as const;
  const withFit = (fit: ScoreModel['fit']): LifecycleConfig => ({
    ...config,
    scoring: { ...config.scoring, models: config.scoring.models.map((model) => ({ ...model, fit })) },
  });
  const fitRule = (when: ScoreModel['fit'][number]['when']) => ({ id: 'r', label: 'r', when, points: 30 });

  it('is carried only when no fit rule names an event, a time relative to now, or a field the step writes', () => {
    const outlasts = (when: ScoreModel['fit'][number]['when']) => fitOutlastsEvents(primaryModel(withFit([fitRule(when)]).scoring));
    expect(outlasts(vp)).toBe(true);
    expect(outlasts({ all: [vp, { property: 'company.employees', op: 'gte', value: 100 }] })).toBe(true);
    expect(outlasts({ any: [vp, { event: 'webinar_attended' }] })).toBe(false);
    expect(outlasts({ not: { property: 'createdAt', op: 'within_last', value: { amount: 7, unit: 'days' } } })).toBe(false);
    expect(outlasts({ property: 'createdAt', op: 'more_than_ago', value: { amount: 1, unit: 'months' } })).toBe(false);
    for (const field of ['lifecycleStage', 'stageEnteredAt', 'leadStatus', 'customerStatus', 'fitScore', 'engagementScore']) {
      expect(outlasts({ all: [vp, { property: field, op: 'exists' }] }), field).toBe(false);
    }
  });

  it('is taken by the next event step of the same contact and company, and computed again after a change to either', () => {
    const first = step(leadOf(), eventOn(2, 'page_view'));
    expect(first.state.fit).toMatchObject({ value: 0, contact: first.state.view.contact, company });
    // A carried fit is taken as it is: one planted in the state shows which step computed its fit.
    const planted: LifecycleState = { ...first.state, fit: { ...first.state.fit!, value: 7 } };
    expect(step(planted, eventOn(3, 'page_view')).state.view.contact.fitScore).toBe(7);
    // Not for a property change, nor for a contact or company the fit was not computed for.
    const changed = apply(planted, { kind: 'properties', at: '2025-01-03T12:00:00.000Z', changes: { jobTitle: 'VP Sales' } }, config);
    expect(changed.state.view.contact.fitScore).toBe(40);
    const edited = { ...planted, view: { ...planted.view, contact: { ...planted.view.contact, jobTitle: 'VP Sales' } } };
    expect(step(edited, eventOn(3, 'page_view')).state.view.contact.fitScore).toBe(40);
    const moved = { ...planted, view: { ...planted.view, company: { ...company } } };
    expect(step(moved, eventOn(3, 'page_view')).state.view.contact.fitScore).toBe(0);
    // Nor under another configuration's model.
    expect(apply(planted, { kind: 'event', event: eventOn(3, 'page_view') }, withFit([fitRule(vp)])).state.view.contact.fitScore).toBe(0);
  });

  it('leaves every step as it is with nothing carried, whatever rules the model has', () => {
    const models = [
      withFit([fitRule(vp)]),
      withFit([fitRule({ event: 'webinar_attended' })]),
      withFit([fitRule({ property: 'lifecycleStage', op: 'eq', value: 'lead' })]),
      withFit([fitRule({ property: 'createdAt', op: 'more_than_ago', value: { amount: 3, unit: 'days' } })]),
    ];
    for (const lifecycle of models) {
      const inputs: LifecycleInput[] = [
        { kind: 'event', event: eventOn(2, 'page_view') },
        { kind: 'event', event: eventOn(3, 'webinar_attended') },
        { kind: 'properties', at: '2025-01-04T12:00:00.000Z', changes: { jobTitle: 'VP Sales' } },
        { kind: 'event', event: eventOn(5, 'form_submitted', { formId: 'ebook' }) },
        { kind: 'event', event: eventOn(6, 'page_view') },
      ];
      let state = stateOf(contactWith(), [], company);
      const fits: number[] = [];
      for (const input of inputs) {
        const { fit, ...uncarried } = state;
        const afresh = apply(uncarried, input, lifecycle);
        const stepped = apply(state, input, lifecycle);
        expect({ ...stepped.state, fit: undefined }).toEqual({ ...afresh.state, fit: undefined });
        expect(stepped.effects).toEqual(afresh.effects);
        state = stepped.state;
        fits.push(state.view.contact.fitScore);
      }
      // Each model's fit does change over these inputs.
      expect(new Set(fits).size).toBeGreaterThan(1);
    }
  });
});

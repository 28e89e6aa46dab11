import { describe, expect, it } from 'vitest';
import type { ContactEvent } from '../event.ts';
import { apply } from './apply.ts';
import { company, config, contactWith, eventOn, stateOf } from './lifecycle-fixture.ts';
import type { LifecycleEffect, LifecycleState } from './lifecycle-state.ts';
import { moveContact, recycleContact, type MoveOutcome } from './manual-move.ts';
import type { Transition } from './transition.ts';

const now = new Date('2025-02-01T10:00:00.000Z');
const rep = { role: 'sales', id: 'u-rep' };
const admin = { role: 'admin', id: 'u-admin' };

const transitionsIn = (effects: readonly LifecycleEffect[]): Transition[] =>
  effects.flatMap((effect) => (effect.type === 'transition' ? [effect.transition] : []));

const accepted = (outcome: MoveOutcome): { state: LifecycleState; effects: LifecycleEffect[] } => {
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.detail}`);
  return outcome;
};

const inStage = (stage: string, events: ContactEvent[] = [], fields: Parameters<typeof contactWith>[0] = {}) =>
  stateOf(contactWith({ lifecycleStage: stage, stageEnteredAt: '2025-01-10T12:00:00.000Z', ...fields }), events, company);

describe('moveContact', () => {
  it('lets anyone move a contact forward, recording the stages skipped', () => {
    const { state, effects } = accepted(moveContact(inStage('lead'), { stage: 'opportunity', reason: null, actor: rep }, config, now));
    expect(state.view.contact).toMatchObject({ lifecycleStage: 'opportunity', leadStatus: 'open_deal', stageEnteredAt: now.toISOString() });
    expect(transitionsIn(effects).map(({ to, skipped }) => ({ to, skipped }))).toEqual([
      { to: 'marketing_qualified', skipped: true },
      { to: 'sales_qualified', skipped: true },
      { to: 'opportunity', skipped: false },
    ]);
    expect(transitionsIn(effects).every((row) => row.cause.kind === 'manual')).toBe(true);
  });

  it('refuses a backward move to anyone but an admin', () => {
    const outcome = moveContact(inStage('sales_qualified'), { stage: 'lead', reason: 'wrong stage', actor: rep }, config, now);
    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'backward_requires_admin' } });
  });

  it('lets an admin move a contact backward with a reason, which then only counts later events', () => {
    const demo = eventOn(5, 'form_submitted', { formId: 'demo' });
    const sql = inStage('sales_qualified', [demo]);
    expect(moveContact(sql, { stage: 'lead', reason: ' ', actor: admin }, config, now)).toMatchObject({
      ok: false,
      refusal: { code: 'reason_required' },
    });

    const { state, effects } = accepted(moveContact(sql, { stage: 'lead', reason: 'imported by mistake', actor: admin }, config, now));
    expect(state.view.contact.lifecycleStage).toBe('lead');
    expect(state.qualifyingFrom).toBe(now.toISOString());
    expect(transitionsIn(effects)).toEqual([
      {
        from: 'sales_qualified',
        to: 'lead',
        enteredAt: now.toISOString(),
        exitedAt: null,
        skipped: false,
        cause: { kind: 'manual', actor: admin },
        reason: 'imported by mistake',
      },
    ]);
    // The old demo request no longer qualifies it.
    const visit = apply(state, { kind: 'event', event: eventOn(40, 'page_view') }, config);
    expect(visit.state.view.contact.lifecycleStage).toBe('lead');
  });

  it('enforces required fields, listing the missing ones', () => {
    const lead = stateOf(contactWith({ lifecycleStage: 'lead', email: null }), [], null);
    expect(moveContact(lead, { stage: 'sales_qualified', reason: null, actor: rep }, config, now)).toEqual({
      ok: false,
      refusal: { code: 'missing_fields', detail: 'sales_qualified requires email, company.name', missingFields: ['email', 'company.name'] },
    });
  });

  it('refuses an unknown stage and a move to the current stage', () => {
    expect(moveContact(inStage('lead'), { stage: 'mql', reason: null, actor: rep }, config, now)).toMatchObject({
      refusal: { code: 'unknown_stage' },
    });
    expect(moveContact(inStage('lead'), { stage: 'lead', reason: null, actor: rep }, config, now)).toMatchObject({
      refusal: { code: 'already_in_stage' },
    });
  });

  it('needs a reason to take a contact off the path', () => {
    expect(moveContact(inStage('lead'), { stage: 'other', reason: null, actor: rep }, config, now)).toMatchObject({
      refusal: { code: 'reason_required' },
    });
    const { state, effects } = accepted(moveContact(inStage('lead'), { stage: 'other', reason: 'is a reseller', actor: rep }, config, now));
    expect(state.view.contact.lifecycleStage).toBe('other');
    expect(transitionsIn(effects)).toMatchObject([{ from: 'lead', to: 'other', skipped: false, reason: 'is a reseller' }]);
  });
});

describe('recycleContact', () => {
  const history = [
    eventOn(2, 'form_submitted', { formId: 'ebook' }),
    eventOn(3, 'page_view'),
    eventOn(3, 'page_view'),
    eventOn(4, 'page_view'),
    eventOn(5, 'form_submitted', { formId: 'demo' }),
  ];
  const sql = () => inStage('sales_qualified', history, { jobTitle: 'VP Sales', fitScore: 40, engagementScore: 70, leadStatus: 'connected' });

  it('a recycled SQL returns to lead with its reason and status recycled and can re-qualify on later events', () => {
    const recycled = accepted(recycleContact(sql(), { reason: 'no_budget', actor: rep }, config, now));
    expect(recycled.state.view.contact).toMatchObject({
      lifecycleStage: 'lead',
      leadStatus: 'recycled',
      engagementScore: 35,
      fitScore: 40,
    });
    expect(transitionsIn(recycled.effects)).toEqual([
      {
        from: 'sales_qualified',
        to: 'lead',
        enteredAt: now.toISOString(),
        exitedAt: null,
        skipped: false,
        cause: { kind: 'recycle', actor: rep },
        reason: 'no_budget',
      },
    ]);
    expect(recycled.effects).toContainEqual(
      expect.objectContaining({ type: 'contact_updated', changes: expect.objectContaining({ engagementScore: 35, leadStatus: 'recycled' }) }),
    );

    // Its old demo request no longer counts: new activity must qualify it again.
    let state = recycled.state;
    const visits = [eventOn(33, 'page_view'), eventOn(34, 'page_view')];
    for (const visit of visits) state = apply(state, { kind: 'event', event: visit }, config).state;
    expect(state.view.contact).toMatchObject({ lifecycleStage: 'lead', engagementScore: 55 });

    const mql = apply(state, { kind: 'event', event: eventOn(35, 'page_view') }, config).state;
    expect(mql.view.contact).toMatchObject({ lifecycleStage: 'marketing_qualified', leadStatus: 'new', engagementScore: 65 });

    const again = apply(mql, { kind: 'event', event: eventOn(36, 'form_submitted', { formId: 'demo' }) }, config).state;
    expect(again.view.contact.lifecycleStage).toBe('sales_qualified');
  });

  it('needs a reason from the configured list', () => {
    expect(recycleContact(sql(), { reason: '' }, config, now)).toMatchObject({ refusal: { code: 'reason_required' } });
    expect(recycleContact(sql(), { reason: 'too_expensive' }, config, now)).toMatchObject({
      refusal: { code: 'unknown_reason' },
    });
  });

  it('recycles only contacts past the recycle target and not yet customers', () => {
    expect(recycleContact(inStage('lead'), { reason: 'bad_timing' }, config, now)).toMatchObject({
      refusal: { code: 'not_recyclable' },
    });
    expect(recycleContact(inStage('customer'), { reason: 'bad_timing' }, config, now)).toMatchObject({
      refusal: { code: 'not_recyclable' },
    });
    expect(recycleContact(inStage('opportunity'), { reason: 'bad_timing' }, config, now)).toMatchObject({ ok: true });
  });
});

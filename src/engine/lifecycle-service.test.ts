import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiClient, type ApiClient } from '../../test/api.ts';
import { backends } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';
import { insertEvents } from '../store/events.ts';
import { newId } from '../store/ids.ts';
import { computeScoreTotals } from '../domain/scoring/score.ts';
import { processContactInputs } from './lifecycle-service.ts';
import { loadLifecycleStates } from './lifecycle-states.ts';
import { currentConfig } from './workspace-config.ts';

type Rec = Record<string, unknown> & { id: string };
type Lifecycle = {
  stage: string;
  status: string | null;
  transitions: { from: string | null; to: string; enteredAt: string; exitedAt: string | null; skipped: boolean; reason: string | null; cause: { type: string }; configVersion: number }[];
  stageTimes: { stage: string; cumulativeMs: number }[];
};

describe.each(backends)('the lifecycle engine on %s', (kind) => {
  let db: Database;
  let api: ApiClient;
  beforeAll(async () => {
    ({ db, api } = await openApiClient(kind));
  });
  afterAll(() => db.close());

  let clock = Date.now();
  /** Appends an event for a contact and runs the lifecycle step on it, as ingestion does. */
  const track = async (contactId: string, type: string, properties: Record<string, unknown> = {}) => {
    clock = Math.max(clock + 1, Date.now());
    const event = { id: newId(), contactId, type, occurredAt: new Date(clock).toISOString(), properties };
    await db.transaction(async (tx) => {
      await insertEvents(tx, api.workspaceId, [event]);
      await processContactInputs(tx, api.workspaceId, [
        { contactId, input: { kind: 'event', event: { id: event.id, type: event.type as 'page_view', occurredAt: event.occurredAt, properties } } },
      ]);
    });
  };
  const lifecycle = async (id: string) => (await api.call<Lifecycle>('GET', `/contacts/${id}/lifecycle`)).body;
  const newContact = async (email: string) => (await api.call<Rec>('POST', '/contacts', { email, jobTitle: 'Engineer' })).body;
  /** The engagement summary a contact keeps for its next step: its anchor and its stored form. */
  const keptOf = async (id: string) =>
    (await db.query<{ engagement_anchor: unknown; engagement_summary: { key: string; weights: number[]; events: number } | null }>(
      'SELECT engagement_anchor, engagement_summary FROM contacts WHERE workspace_id = $1 AND id = $2',
      [api.workspaceId, id],
    ))[0]!;

  it('puts a new contact in the first stage, and a form makes it a lead', async () => {
    const contact = await newContact('first@stage.io');
    expect(contact.lifecycleStage).toBe('subscriber');
    await track(contact.id, 'form_submitted', { formId: 'ebook-download' });
    const lc = await lifecycle(contact.id);
    expect(lc.stage).toBe('lead');
    expect(lc.transitions.map((t) => [t.from, t.to, t.skipped])).toEqual([
      [null, 'subscriber', false],
      ['subscriber', 'lead', false],
    ]);
    expect(lc.transitions[0]!.exitedAt).toBe(lc.transitions[1]!.enteredAt);
    expect(lc.transitions[1]!.cause.type).toBe('event');
    expect(lc.transitions[1]!.configVersion).toBe(1);
  });

  it('jumps a lead that requests a demo to sales_qualified, recording marketing_qualified as skipped', async () => {
    const contact = await newContact('demo@jump.io');
    await track(contact.id, 'form_submitted', { formId: 'whitepaper' });
    await track(contact.id, 'form_submitted', { formId: 'demo-request' });
    const lc = await lifecycle(contact.id);
    expect(lc.stage).toBe('sales_qualified');
    const mql = lc.transitions.find((t) => t.to === 'marketing_qualified')!;
    expect(mql).toMatchObject({ from: 'lead', skipped: true });
    expect(mql.enteredAt).toBe(mql.exitedAt);
    expect(lc.transitions.at(-1)).toMatchObject({ from: 'marketing_qualified', to: 'sales_qualified', skipped: false, exitedAt: null });
  });

  it('never moves a customer back automatically, and one customer makes its company a customer without touching its colleagues', async () => {
    const buyer = await newContact('buyer@rollup.io');
    const colleague = await newContact('colleague@rollup.io');
    expect(buyer.companyId).toBe(colleague.companyId);
    const deal = await api.call<Rec>('POST', '/deals', { name: 'Rollup', stage: 'proposal', amount: 500000, contactIds: [buyer.id], companyId: buyer.companyId });
    expect((await lifecycle(buyer.id)).stage).toBe('opportunity');
    expect((await api.call<Rec>('GET', `/companies/${buyer.companyId}`)).body.lifecycleStage).toBe('opportunity');
    await api.call('PATCH', `/deals/${deal.body.id}`, { status: 'won' });
    expect((await lifecycle(buyer.id)).stage).toBe('customer');
    await track(buyer.id, 'form_submitted', { formId: 'newsletter' });
    await track(buyer.id, 'form_submitted', { formId: 'demo-request' });
    expect((await lifecycle(buyer.id)).stage).toBe('customer');
    const company = (await api.call<Rec>('GET', `/companies/${buyer.companyId}`)).body;
    expect(company).toMatchObject({ lifecycleStage: 'customer', customerStatus: 'active' });
    expect((await lifecycle(colleague.id)).stage).toBe('subscriber');
  });

  it('makes the contacts of a deal recorded already won customers, through opportunity', async () => {
    const buyer = await newContact('buyer@signed.io');
    await api.call<Rec>('POST', '/deals', { name: 'Signed', stage: 'closed', status: 'won', amount: 90000, contactIds: [buyer.id], companyId: buyer.companyId });
    const lc = await lifecycle(buyer.id);
    expect(lc.stage).toBe('customer');
    expect(lc.transitions.map((t) => t.to).slice(-2)).toEqual(['opportunity', 'customer']);
    expect((await api.call<Rec>('GET', `/companies/${buyer.companyId}`)).body).toMatchObject({ lifecycleStage: 'customer', customerStatus: 'active' });
  });

  it('steps a company\'s people again when the company changes: its size counts toward their fit', async () => {
    const person = await newContact('ann@growing.io');
    const before = (await api.call<Rec>('GET', `/contacts/${person.id}`)).body.fitScore as number;
    expect((await api.call('PATCH', `/companies/${person.companyId}`, { employees: 5000 })).status).toBe(200);
    const after = (await api.call<Rec>('GET', `/contacts/${person.id}`)).body.fitScore as number;
    expect(after).toBeGreaterThan(before);
    const score = (await api.call<{ explanation: { rule: string }[] }>('GET', `/contacts/${person.id}/score`)).body;
    expect(score.explanation.length).toBeGreaterThan(0);
    // Without its company, the size points go again.
    expect((await api.call('DELETE', `/companies/${person.companyId}`)).status).toBe(204);
    const alone = (await api.call<Rec>('GET', `/contacts/${person.id}`)).body;
    expect(alone).toMatchObject({ companyId: null, fitScore: before });
  });

  it('recycles an SQL back to lead with its reason; it re-qualifies on new activity only', async () => {
    const contact = await newContact('recycle@loop.io');
    await track(contact.id, 'form_submitted', { formId: 'demo-request' });
    expect((await lifecycle(contact.id)).stage).toBe('sales_qualified');
    const refused = await api.call<{ detail: string }>('POST', `/contacts/${contact.id}/lifecycle`, { recycle: true, reason: 'because' });
    expect(refused.status).toBe(400);
    const recycled = await api.call<Lifecycle>('POST', `/contacts/${contact.id}/lifecycle`, { recycle: true, reason: 'bad_timing' });
    expect(recycled.status).toBe(200);
    expect(recycled.body).toMatchObject({ stage: 'lead', status: 'recycled' });
    expect(recycled.body.transitions.at(-1)).toMatchObject({ from: 'sales_qualified', to: 'lead', reason: 'bad_timing', cause: { type: 'recycle' } });
    await track(contact.id, 'page_view', { url: '/blog' });
    expect((await lifecycle(contact.id)).stage).toBe('lead');
    await track(contact.id, 'meeting_booked');
    expect((await lifecycle(contact.id)).stage).toBe('sales_qualified');
    const audit = await api.call<{ data: { action: string; reason: string }[] }>('GET', `/audit?objectId=${contact.id}`);
    expect(audit.body.data.find((e) => e.action === 'contact.recycle')?.reason).toBe('bad_timing');
  });

  it('scores a contact with a long history from its older events summed, as from each of them', async () => {
    const contact = await newContact('long@history.io');
    // A year of visits and clicks stored before, then one more visit stepped now.
    const yearAgo = Date.now() - 365 * 86_400_000;
    await insertEvents(
      db,
      api.workspaceId,
      Array.from({ length: 120 }, (_, i) => ({
        id: newId(),
        contactId: contact.id,
        type: i % 3 === 0 ? 'email_clicked' : 'page_view',
        occurredAt: new Date(yearAgo + i * 3 * 86_400_000).toISOString(),
        properties: { url: i % 10 === 0 ? '/pricing' : '/blog' },
      })),
    );
    await track(contact.id, 'page_view', { url: '/docs' });
    const stored = (await api.call<Rec>('GET', `/contacts/${contact.id}`)).body;
    const { config } = await currentConfig(db, api.workspaceId);
    const whole = (await loadLifecycleStates(db, api.workspaceId, [contact.id], config)).get(contact.id)!;
    expect(whole.engagementSummary).toBeUndefined();
    expect(whole.view.events.length).toBe(121);
    const expected = computeScoreTotals(whole.view, config.scoring, new Date(clock)).engagement;
    expect(expected).toBeGreaterThan(2);
    expect(Math.abs(Number(stored.engagementScore) - expected)).toBeLessThanOrEqual(0.0100001);
    // The step read only the visit it stepped, the rest summed.
    const summed = (await loadLifecycleStates(db, api.workspaceId, [contact.id], config, { summarizeBefore: new Date(clock) })).get(contact.id)!;
    expect(summed.view.events.length).toBe(1);
    expect(summed.engagementSummary?.weights.some((w) => w > 0)).toBe(true);
  });

  it('keeps the summed history on the contact for its next step, until an event from before it is written', async () => {
    const contact = await newContact('kept@summary.io');
    const yearAgo = Date.now() - 365 * 86_400_000;
    const visit = (at: number, url = '/blog') => ({ id: newId(), contactId: contact.id, type: 'page_view', occurredAt: new Date(at).toISOString(), properties: { url } });
    await insertEvents(db, api.workspaceId, Array.from({ length: 60 }, (_, i) => visit(yearAgo + i * 5 * 86_400_000, i % 7 === 0 ? '/pricing' : '/blog')));
    const { config } = await currentConfig(db, api.workspaceId);
    const kept = () => keptOf(contact.id);
    /** The engagement the contact's whole history gives at `at` (the last step's time), read event by event. */
    const whole = async (at = clock) => {
      const state = (await loadLifecycleStates(db, api.workspaceId, [contact.id], config)).get(contact.id)!;
      return computeScoreTotals(state.view, config.scoring, new Date(at)).engagement;
    };
    const stored = async () => Number((await api.call<Rec>('GET', `/contacts/${contact.id}`)).body.engagementScore);

    await track(contact.id, 'page_view', { url: '/docs' });
    const first = await kept();
    expect(new Date(first.engagement_anchor as string).getTime()).toBe(clock);
    expect(first.engagement_summary!.weights.some((w) => w > 0)).toBe(true);
    await track(contact.id, 'page_view', { url: '/pricing' });
    await track(contact.id, 'email_clicked');
    expect(Math.abs((await stored()) - (await whole()))).toBeLessThanOrEqual(0.0100001);
    expect(new Date((await kept()).engagement_anchor as string).getTime()).toBe(clock);

    // The next step takes the kept summary as it is: inflated by hand, it shows in the score.
    const honest = (await kept()).engagement_summary!;
    const inflated = { ...honest, weights: honest.weights.map((w, i) => (config.scoring.models[0]!.engagement[i]!.event === 'email_clicked' ? w + 100 : w)) };
    await db.query('UPDATE contacts SET engagement_summary = $3 WHERE workspace_id = $1 AND id = $2', [api.workspaceId, contact.id, JSON.stringify(inflated)]);
    await track(contact.id, 'page_view', { url: '/docs' });
    expect((await stored()) - (await whole())).toBeGreaterThan(10);

    // An event written later than the anchor leaves the summary; one from before it (an import, a late event) clears it,
    // and the next step sums the whole history again.
    await insertEvents(db, api.workspaceId, [visit(clock + 1)]);
    expect((await kept()).engagement_summary).not.toBeNull();
    await insertEvents(db, api.workspaceId, [visit(clock - 86_400_000)]);
    expect(await kept()).toEqual({ engagement_anchor: null, engagement_summary: null });
    clock += 1;
    await track(contact.id, 'page_view', { url: '/docs' });
    expect(Math.abs((await stored()) - (await whole()))).toBeLessThanOrEqual(0.0100001);
    expect((await kept()).engagement_summary).not.toBeNull();

    // Ingestion steps a late event of its own without the trigger: its step sums the whole history, from the event on.
    // The step is at the event's time, or at the contact's entry to its stage if later.
    const late = new Date(clock - 3 * 86_400_000).toISOString();
    const posted = await api.call<{ counts: { accepted: number } }>('POST', '/events', { type: 'email_clicked', occurredAt: late, contact: { id: contact.id } });
    expect(posted.body.counts.accepted).toBe(1);
    expect(new Date((await kept()).engagement_anchor as string).toISOString()).toBe(late);
    const entered = Date.parse(String((await api.call<Rec>('GET', `/contacts/${contact.id}`)).body.stageEnteredAt));
    expect(Math.abs((await stored()) - (await whole(Math.max(Date.parse(late), entered))))).toBeLessThanOrEqual(0.0100001);

    // A contact with a short history keeps no summary: reading its few events costs less. Past 20 summed events it does.
    const other = await newContact('other@summary.io');
    const visitsOf = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: newId(), contactId: other.id, type: 'page_view', occurredAt: new Date(yearAgo + i * 86_400_000).toISOString(), properties: {} }));
    await insertEvents(db, api.workspaceId, visitsOf(5));
    await track(other.id, 'page_view', { url: '/docs' });
    expect((await keptOf(other.id)).engagement_summary).toBeNull();
    await insertEvents(db, api.workspaceId, visitsOf(20));
    await track(other.id, 'page_view', { url: '/docs' });
    expect((await keptOf(other.id)).engagement_summary).toMatchObject({ events: 26 });

    // Moving events from before the anchor to another contact (a merge) clears the summaries of both.
    await db.query('UPDATE events SET contact_id = $3 WHERE workspace_id = $1 AND contact_id = $2 AND occurred_at < $4', [api.workspaceId, contact.id, other.id, new Date(yearAgo + 86_400_000).toISOString()]);
    expect((await keptOf(contact.id)).engagement_summary).toBeNull();
    expect((await keptOf(other.id)).engagement_summary).toBeNull();
  });

  it('carries a kept summary back to an earlier step when none of its summed events is from between, and else sums them again', async () => {
    const contact = await newContact('carried@summary.io');
    const yearAgo = Date.now() - 365 * 86_400_000;
    const visit = (at: number, url = '/blog') => ({ id: newId(), contactId: contact.id, type: 'page_view', occurredAt: new Date(at).toISOString(), properties: { url } });
    await insertEvents(db, api.workspaceId, Array.from({ length: 60 }, (_, i) => visit(yearAgo + i * 5 * 86_400_000, i % 7 === 0 ? '/pricing' : '/blog')));
    await track(contact.id, 'page_view', { url: '/docs' });
    const anchor = new Date((await keptOf(contact.id)).engagement_anchor as string).getTime();
    const { config } = await currentConfig(db, api.workspaceId);
    const now = new Date(anchor);
    const wholeState = (await loadLifecycleStates(db, api.workspaceId, [contact.id], config)).get(contact.id)!;
    const whole = computeScoreTotals(wholeState.view, config.scoring, now).engagement;
    // A step two days before the kept anchor (a batch of earlier events committing after a later one).
    const earlier = new Date(anchor - 2 * 86_400_000);
    const stepAt = async () => (await loadLifecycleStates(db, api.workspaceId, [contact.id], config, { summarizeBefore: earlier })).get(contact.id)!;
    const carried = await stepAt();
    expect(carried.engagementSummary).toMatchObject({ anchorMs: earlier.getTime(), events: 60 });
    expect(carried.view.events.map((e) => e.properties.url)).toEqual(['/docs']);
    expect(Math.abs(computeScoreTotals(carried.view, config.scoring, now, carried.engagementSummary).engagement - whole)).toBeLessThanOrEqual(1e-9);
    // The kept summary is what is carried back: inflated by hand, it shows.
    const honest = (await keptOf(contact.id)).engagement_summary!;
    await db.query('UPDATE contacts SET engagement_summary = $3 WHERE workspace_id = $1 AND id = $2', [api.workspaceId, contact.id, JSON.stringify({ ...honest, weights: honest.weights.map((w, i) => (config.scoring.models[0]!.engagement[i]!.event === 'page_view' ? w + 10 : w)) })]);
    const inflated = await stepAt();
    expect(computeScoreTotals(inflated.view, config.scoring, now, inflated.engagementSummary).engagement - whole).toBeGreaterThan(5);
    // A summed event between the two anchors (written by a step, which the trigger passes over) cannot be taken out of
    // the kept summary: the contact's events are summed again, and the inflated summary is not taken.
    await db.transaction(async (tx) => {
      await tx.query("SELECT set_config('leadcycle.events_stepped', 'on', true)");
      await insertEvents(tx, api.workspaceId, [visit(anchor - 86_400_000, '/pricing')]);
    });
    const resummed = await stepAt();
    expect(resummed.engagementSummary).toMatchObject({ anchorMs: earlier.getTime(), events: 60 });
    expect(resummed.view.events.map((e) => e.properties.url).sort()).toEqual(['/docs', '/pricing']);
    const rewhole = (await loadLifecycleStates(db, api.workspaceId, [contact.id], config)).get(contact.id)!;
    expect(Math.abs(computeScoreTotals(resummed.view, config.scoring, now, resummed.engagementSummary).engagement - computeScoreTotals(rewhole.view, config.scoring, now).engagement)).toBeLessThanOrEqual(1e-9);
  });

  it.runIf(kind === 'postgres')('clears a summary a step in progress keeps, when an older event is written meanwhile', async () => {
    const contact = await newContact('racing@summary.io');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    // A step has locked the contact, read its events and kept a summary anchored now, and has not committed.
    const step = db.transaction(async (tx) => {
      await tx.query('SELECT id FROM contacts WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [api.workspaceId, contact.id]);
      await tx.query(`UPDATE contacts SET engagement_anchor = now(), engagement_summary = '{"key": "k", "weights": [], "events": 20}' WHERE workspace_id = $1 AND id = $2`, [
        api.workspaceId,
        contact.id,
      ]);
      wrote();
      await held;
    });
    await written;
    // An import writes an event of yesterday: it waits for the step, then clears what the step kept without it.
    const imported = db.query("INSERT INTO events (workspace_id, id, contact_id, type, occurred_at, properties) VALUES ($1, $2, $3, 'page_view', now() - interval '1 day', '{}')", [
      api.workspaceId,
      newId(),
      contact.id,
    ]);
    try {
      await expect
        .poll(async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO events%'`))[0]!.n)
        .toBe(1);
    } finally {
      release();
    }
    await step;
    await imported;
    expect((await keptOf(contact.id)).engagement_summary).toBeNull();
  });

  it('refuses entering a stage whose required fields are missing, listing them', async () => {
    const contact = await newContact('nocompany@gmail.com');
    const res = await api.call<{ errors: { field: string }[]; missingFields: string[] }>('POST', `/contacts/${contact.id}/lifecycle`, { stage: 'sales_qualified' });
    expect(res.status).toBe(400);
    expect(res.body.missingFields).toEqual(['company.name']);
    expect((await lifecycle(contact.id)).stage).toBe('subscriber');
  });

  it('lets only an admin move a contact backward by hand, with a reason, audited', async () => {
    const contact = await newContact('backward@admin.io');
    await track(contact.id, 'form_submitted', { formId: 'demo-request' });
    const member = await api.keyFor('member');
    const refused = await api.call('POST', `/contacts/${contact.id}/lifecycle`, { stage: 'lead', reason: 'typo' }, { key: member });
    expect(refused.status).toBe(403);
    const moved = await api.call<Lifecycle>('POST', `/contacts/${contact.id}/lifecycle`, { stage: 'lead', reason: 'qualified by mistake' });
    expect(moved.status).toBe(200);
    expect(moved.body.stage).toBe('lead');
    const audit = await api.call<{ data: { action: string; reason: string; changes: Record<string, unknown> }[] }>('GET', `/audit?objectId=${contact.id}`);
    expect(audit.body.data[0]).toMatchObject({ action: 'contact.lifecycle_move', reason: 'qualified by mistake', changes: { lifecycleStage: { before: 'sales_qualified', after: 'lead' } } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../../test/databases.ts';
import { ATTRIBUTION_MODELS } from '../../domain/attribution/models.ts';
import { seededRandom } from '../../domain/predictive/seeded-random.ts';
import type { Database } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { SYSTEM_ACTOR } from '../../store/audit.ts';
import { refreshAttribution } from './attribution-credits.ts';
import { ATTRIBUTION_METRICS, type AttributionMetric, type AttributionQuery, attributionReport, creditsByJourney, creditsByShape, unitOf } from './attribution-report.ts';

const DAY_MS = 86_400_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');
const CHANNELS = ['organic_search', 'paid_search', 'email', 'referral', 'direct'];
const CAMPAIGNS = ['spring', 'summer', null];

/**
 * A workspace of awkward journeys: touches before and after their contact's creation and stage entries, several
 * at one instant (ties go by event id), some years before the rest, events with no source, contacts with no touch at all, deals of several
 * contacts, and stage entries that skip the opportunity.
 */
const fillWorkspace = async (db: Database, workspaceId: string) => {
  const random = seededRandom(11);
  const at = (ms: number) => new Date(ms).toISOString();
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const contacts = Array.from({ length: 80 }, (_, i) => ({ id: newId(), email: `c${i}@x.example`, created_at: T0 + Math.floor(random() * 60) * DAY_MS }));
  const events = contacts.flatMap((c) =>
    Array.from({ length: Math.floor(random() * 9) }, () => {
      // Some touches are years old: time decay gives them no weight, and PostgreSQL's power() must not underflow.
      const time = c.created_at + Math.floor((random() - 0.5) * 40) * DAY_MS + (random() < 0.3 ? 0 : Math.floor(random() * 3) * 3_600_000) - (random() < 0.05 ? 900 * DAY_MS : 0);
      const source = random() < 0.15 ? null : { channel: pick(CHANNELS), campaign: pick(CAMPAIGNS) };
      return { id: newId(), contact_id: c.id, type: 'page_view', occurred_at: at(time), source };
    }),
  );
  const transitions = contacts.flatMap((c) => {
    const steps = ['marketing_qualified', 'sales_qualified', 'opportunity'].slice(0, Math.floor(random() * 4));
    let time = c.created_at;
    return steps.flatMap((stage) => {
      time += Math.floor(random() * 20) * DAY_MS;
      return random() < 0.2 && stage === 'sales_qualified' ? [] : [{ id: newId(), contact_id: c.id, to_stage: stage, entered_at: at(time), cause_type: 'rule' }];
    });
  });
  const deals = Array.from({ length: 20 }, () => {
    const members = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(contacts).id))];
    const created = T0 + Math.floor(random() * 70) * DAY_MS;
    const status = pick(['open', 'won', 'lost']);
    return { id: newId(), members, created_at: at(created), status, closed_at: status === 'open' ? null : at(created + Math.floor(random() * 30) * DAY_MS), amount: Math.floor(random() * 100_000) };
  });
  const insert = (table: string, columns: string, rows: unknown[]) =>
    db.query(`INSERT INTO ${table} SELECT $1, r.* FROM json_to_recordset($2::json) AS r(${columns})`, [workspaceId, JSON.stringify(rows)]);
  await insert('contacts (workspace_id, id, email, created_at)', 'id uuid, email text, created_at timestamptz', contacts.map((c) => ({ ...c, created_at: at(c.created_at) })));
  await insert('events (workspace_id, id, contact_id, type, occurred_at, source)', 'id uuid, contact_id uuid, type text, occurred_at timestamptz, source jsonb', events);
  await insert('stage_transitions (workspace_id, id, contact_id, to_stage, entered_at, cause_type)', 'id uuid, contact_id uuid, to_stage text, entered_at timestamptz, cause_type text', transitions);
  await insert(
    'deals (workspace_id, id, name, stage, created_at, status, closed_at, amount)',
    'id uuid, name text, stage text, created_at timestamptz, status text, closed_at timestamptz, amount bigint',
    deals.map(({ members: _, ...d }) => ({ ...d, name: 'Deal', stage: d.status })),
  );
  await insert('deal_contacts (workspace_id, deal_id, contact_id)', 'deal_id uuid, contact_id uuid', deals.flatMap((d) => d.members.map((contact_id) => ({ deal_id: d.id, contact_id }))));
};

describe.each(backends)('attribution credits on %s', (kind) => {
  let db: Database;
  let workspaceId: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    workspaceId = await createTestWorkspace(db);
    await fillWorkspace(db, workspaceId);
  });
  afterAll(() => db.close());

  const COUNTS: AttributionMetric[] = ['contacts', 'mqls', 'sqls', 'opportunities'];
  const byJourney = (query: AttributionQuery, options: { page?: number } = {}) => db.transaction((tx) => creditsByJourney(tx, workspaceId, query, { kind: 'all' }, options));
  const PERIODS = [{}, { from: '2025-01-20T00:00:00Z', to: '2025-02-20T00:00:00Z' }];
  /** Every model, key and period for the metrics. */
  const queriesOf = (metrics: readonly AttributionMetric[]): AttributionQuery[] =>
    metrics.flatMap((metric) => ATTRIBUTION_MODELS.flatMap((model) => (['channel', 'campaign'] as const).flatMap((by) => PERIODS.map((period) => ({ model, metric, by, ...period })))));

  it('adds up a count by shape in the database as journey by journey in memory, for every model and key', async () => {
    let compared = 0;
    for (const query of queriesOf(COUNTS)) {
      const label = JSON.stringify(query);
      const byShape = await creditsByShape(db, workspaceId, query);
      const journeys = await byJourney(query);
      expect(byShape.touched, label).toBe(journeys.touched);
      expect([byShape.conversions, byShape.total], label).toEqual([journeys.conversions, journeys.total]);
      expect([...byShape.credits.keys()].sort(), label).toEqual([...journeys.credits.keys()].sort());
      for (const [key, credit] of journeys.credits) expect(byShape.credits.get(key), `${label} ${key}`).toBeCloseTo(credit, 9);
      compared += journeys.touched;
    }
    // The workspace gives every metric journeys to compare.
    expect(compared).toBeGreaterThan(1_000);
  });

  it('splits money exactly, journey by journey, whatever pages the journeys are read in', async () => {
    for (const model of ATTRIBUTION_MODELS) {
      const query: AttributionQuery = { model, metric: 'pipeline', by: 'channel' };
      const { credits, touched } = await byJourney(query);
      expect(touched).toBeGreaterThan(0);
      expect([...credits.values()].reduce((sum, credit) => sum + credit, 0)).toBe(touched);
      for (const credit of credits.values()) expect(Number.isInteger(credit)).toBe(true);
      // Pages of 7 rows end inside journeys.
      expect(await byJourney(query, { page: 7 })).toEqual(await byJourney(query));
    }
  });

  /** Every query's report as read from the events alone, the way the stored credits must add up. */
  const fromEvents = async (query: AttributionQuery) => {
    const live = unitOf(query.metric) === 'count' ? await creditsByShape(db, workspaceId, query) : await byJourney(query);
    const credits = new Map(live.credits);
    if (live.total > live.touched) credits.set('(none)', (credits.get('(none)') ?? 0) + live.total - live.touched);
    return { conversions: live.conversions, total: live.total, credits };
  };
  const expectReportsFromEvents = async () => {
    let compared = 0;
    for (const query of queriesOf(ATTRIBUTION_METRICS)) {
      const label = JSON.stringify(query);
      const [report, expected] = [await attributionReport({ db, workspaceId, actor: SYSTEM_ACTOR }, query), await fromEvents(query)];
      expect([report.conversions, report.total], label).toEqual([expected.conversions, expected.total]);
      expect(report.rows.map((row) => row.key).sort(), label).toEqual([...expected.credits.keys()].sort());
      for (const row of report.rows) {
        if (report.unit === 'minor_units') expect(row.credit, `${label} ${row.key}`).toBe(expected.credits.get(row.key));
        else expect(row.credit, `${label} ${row.key}`).toBeCloseTo(expected.credits.get(row.key)!, 9);
      }
      compared += report.conversions;
    }
    expect(compared).toBeGreaterThan(1_000);
  };
  const staleCount = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM attribution_stale WHERE workspace_id = $1', [workspaceId]))[0]!.n;

  it('stores each conversion’s credits under every model once its contacts are refreshed, and reports them as the events do', async () => {
    // Written by SQL like the rest of the fixture: the triggers marked every contact stale, so the report reads events.
    expect(await staleCount()).toBe(80);
    await expectReportsFromEvents();
    const refreshed = await refreshAttribution(db, workspaceId, { batch: 13 });
    expect(refreshed.contacts).toBe(80);
    expect(await staleCount()).toBe(0);
    await expectReportsFromEvents();
  });

  it('marks the contacts a change touches, and reports stored and changed conversions together as the events do', async () => {
    await refreshAttribution(db, workspaceId);
    const [a, b, c, d] = await db.query<{ id: string }>('SELECT id FROM contacts WHERE workspace_id = $1 ORDER BY id LIMIT 4', [workspaceId]);
    const [deal] = await db.query<{ id: string }>('SELECT deal_id AS id FROM deal_contacts WHERE workspace_id = $1 ORDER BY deal_id LIMIT 1', [workspaceId]);
    // A new touch, a new stage entry, a deal's amount, a contact leaving a deal, a merge.
    await db.query(
      `INSERT INTO events (workspace_id, id, contact_id, type, occurred_at, source) VALUES ($1, $2, $3, 'page_view', '2025-01-25T00:00:00Z', '{"channel":"email","campaign":"spring"}')`,
      [workspaceId, newId(), a!.id],
    );
    await db.query(`INSERT INTO stage_transitions (workspace_id, id, contact_id, to_stage, entered_at, cause_type) VALUES ($1, $2, $3, 'marketing_qualified', '2025-02-01T00:00:00Z', 'rule')`, [
      workspaceId,
      newId(),
      b!.id,
    ]);
    await db.query('UPDATE deals SET amount = amount + 12345 WHERE workspace_id = $1 AND id = $2', [workspaceId, deal!.id]);
    await db.query('DELETE FROM deal_contacts WHERE workspace_id = $1 AND contact_id = $2', [workspaceId, c!.id]);
    await db.query('UPDATE contacts SET merged_into = $3 WHERE workspace_id = $1 AND id = $2', [workspaceId, d!.id, a!.id]);
    expect(await staleCount()).toBeGreaterThanOrEqual(4);
    await expectReportsFromEvents();
    await refreshAttribution(db, workspaceId);
    expect(await staleCount()).toBe(0);
    await expectReportsFromEvents();
  });

  it.runIf(kind === 'postgres')('waits for a change still in progress on a stale contact, and stores what it wrote', async () => {
    await refreshAttribution(db, workspaceId);
    const [contact] = await db.query<{ id: string; created_at: Date }>('SELECT id, created_at FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL ORDER BY id LIMIT 1', [workspaceId]);
    // An earlier change left it stale; the change below finds its mark and holds it.
    await db.query(`INSERT INTO stage_transitions (workspace_id, id, contact_id, to_stage, entered_at, cause_type) VALUES ($1, $2, $3, 'other', now(), 'rule')`, [workspaceId, newId(), contact!.id]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const change = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO events (workspace_id, id, contact_id, type, occurred_at, source) VALUES ($1, $2, $3, 'page_view', $4, '{"channel":"referral","campaign":"held"}')`, [
        workspaceId,
        newId(),
        contact!.id,
        new Date(contact!.created_at.getTime() - 60_000).toISOString(),
      ]);
      wrote();
      await held;
    });
    await written;
    const refresh = refreshAttribution(db, workspaceId);
    await expect
      .poll(async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM attribution_stale%FOR UPDATE%'`))[0]!.n)
      .toBe(1);
    release();
    await change;
    await refresh;
    const keys = await db.query<{ key: string }>("SELECT key FROM attribution_credits WHERE workspace_id = $1 AND metric = 'contacts' AND by = 'campaign' AND conv_id = $2", [workspaceId, contact!.id]);
    expect(keys.map((row) => row.key)).toContain('held');
    expect(await staleCount()).toBe(0);
  });
});

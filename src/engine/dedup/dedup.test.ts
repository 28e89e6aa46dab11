import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../../test/databases.ts';
import { generatePopulation } from '../../domain/matching/synthetic-people.ts';
import { normalizeEmail } from '../../domain/normalize/email.ts';
import { SYSTEM_ACTOR } from '../../store/audit.ts';
import type { Database } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import type { RequestContext } from '../context.ts';
import { dismissCandidate, listCandidates } from './duplicate-candidates.ts';
import { mergeContacts, undoMerge } from './merge.ts';
import { scanDuplicates } from './scan-duplicates.ts';

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * Stores a synthetic population as contacts (set-based, with their companies). A person whose
 * normalized email another already has cannot be stored twice (the unique email key): it maps to
 * that contact, so the pair counts as found by the exact key.
 */
const storePopulation = async (db: Database, workspaceId: string, size: number) => {
  const { records, truePairs } = generatePopulation(size, 0.1, 7);
  const contactOf = new Map<string, string>();
  const byEmail = new Map<string, string>();
  const companies = new Map<string, string>();
  const rows: Record<string, unknown>[] = [];
  for (const p of records) {
    const email = p.email === null ? null : normalizeEmail(p.email).email;
    const existing = email === null ? undefined : byEmail.get(email);
    if (existing) {
      contactOf.set(p.id, existing);
      continue;
    }
    const id = newId();
    contactOf.set(p.id, id);
    if (email !== null) byEmail.set(email, id);
    if (p.company !== null && !companies.has(p.company)) companies.set(p.company, newId());
    rows.push({ id, email, first_name: p.firstName, last_name: p.lastName, phone: p.phone, city: p.city, country: p.country, company_id: p.company === null ? null : companies.get(p.company) });
  }
  await db.query(`INSERT INTO companies (workspace_id, id, name) SELECT $1, x.id, x.name FROM json_to_recordset($2::json) AS x(id uuid, name text)`, [
    workspaceId,
    JSON.stringify([...companies].map(([name, id]) => ({ id, name }))),
  ]);
  await db.query(
    `INSERT INTO contacts (workspace_id, id, email, first_name, last_name, phone, city, country, company_id)
     SELECT $1, x.id, x.email, x.first_name, x.last_name, x.phone, x.city, x.country, x.company_id
     FROM json_to_recordset($2::json) AS x(id uuid, email text, first_name text, last_name text, phone text, city text, country text, company_id uuid)`,
    [workspaceId, JSON.stringify(rows)],
  );
  // The ground truth over stored contacts: two contacts are the same person when any of their records are.
  const truth = new Set<string>();
  for (const key of truePairs) {
    const [a, b] = key.split('|').map((id) => contactOf.get(id)!);
    if (a !== b) truth.add(pairKey(a!, b!));
  }
  return truth;
};

describe.each(backends)('deduplication (%s)', (kind) => {
  let db: Database;
  const ctxFor = async (): Promise<RequestContext> => ({ db, workspaceId: await createTestWorkspace(db), actor: SYSTEM_ACTOR });
  const contact = async (ctx: RequestContext, values: Record<string, unknown>) => {
    const id = newId();
    const cols = Object.keys(values);
    await db.query(
      `INSERT INTO contacts (workspace_id, id, ${cols.join(', ')}) VALUES ($1, $2, ${cols.map((_, i) => `$${i + 3}`).join(', ')})`,
      [ctx.workspaceId, id, ...cols.map((c) => (typeof values[c] === 'object' && values[c] !== null ? JSON.stringify(values[c]) : values[c]))],
    );
    return id;
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  it('finds the known duplicates among stored contacts with pairwise precision ≥ 0.99 and recall ≥ 0.95', async () => {
    const ctx = await ctxFor();
    const truth = await storePopulation(db, ctx.workspaceId, 5000);
    expect(truth.size).toBeGreaterThan(100);
    const summary = await scanDuplicates(ctx);
    expect(summary.proposed).toBe(summary.found);
    const stored = await db.query<{ contact_a: string; contact_b: string }>('SELECT contact_a, contact_b FROM duplicate_candidates WHERE workspace_id = $1', [ctx.workspaceId]);
    const right = stored.filter((p) => truth.has(pairKey(p.contact_a, p.contact_b))).length;
    expect(right / stored.length).toBeGreaterThanOrEqual(0.99);
    expect(right / truth.size).toBeGreaterThanOrEqual(0.95);
    const again = await scanDuplicates(ctx);
    expect(again).toMatchObject({ found: summary.found, proposed: 0 });
  });

  it('never proposes a dismissed pair again, and reports phone numbers shared by several contacts', async () => {
    const ctx = await ctxFor();
    await contact(ctx, { first_name: 'John', last_name: 'Smith', email: 'john.smith@acme.com', phone: '+14155550132', city: 'Boston' });
    await contact(ctx, { first_name: 'John', last_name: 'Smith', email: 'john.smith@gmail.com', phone: '+14155550132', city: 'Boston' });
    const first = await scanDuplicates(ctx);
    expect(first).toMatchObject({ proposed: 1, sharedPhones: [{ phone: '+14155550132', contacts: 2 }] });
    const [candidate] = await listCandidates(ctx, { status: 'open', limit: 10, offset: 0 });
    await dismissCandidate(ctx, candidate!.id);
    expect(await scanDuplicates(ctx)).toMatchObject({ found: 1, proposed: 0 });
    expect(await listCandidates(ctx, { status: 'open', limit: 10, offset: 0 })).toEqual([]);
  });

  it('merges into the earlier contact, moving every related row, and an undo restores both records and the rows', async () => {
    const ctx = await ctxFor();
    const older = await contact(ctx, {
      first_name: 'Ann', last_name: null, email: 'ann@globex.com', lifecycle_stage: 'lead', created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z',
      original_source: { channel: 'organic_search', at: '2024-01-01T00:00:00Z' },
    });
    const newer = await contact(ctx, {
      first_name: 'Anne', last_name: 'Lee', email: 'anne.lee@gmail.com', lifecycle_stage: 'sales_qualified', created_at: '2024-03-01T00:00:00Z', updated_at: '2024-03-02T00:00:00Z',
      original_source: { channel: 'paid_social', at: '2024-03-01T00:00:00Z' }, properties: { seats: 5 },
    });
    const ws = ctx.workspaceId;
    const dealShared = newId();
    const dealOwn = newId();
    for (const deal of [dealShared, dealOwn]) await db.query(`INSERT INTO deals (workspace_id, id, name, stage) VALUES ($1, $2, 'Deal', 'proposal')`, [ws, deal]);
    await db.query('INSERT INTO deal_contacts (workspace_id, deal_id, contact_id) VALUES ($1, $2, $3), ($1, $2, $4), ($1, $5, $4)', [ws, dealShared, older, newer, dealOwn]);
    const eventId = newId();
    await db.query(`INSERT INTO events (workspace_id, id, contact_id, type, occurred_at) VALUES ($1, $2, $3, 'page_view', now())`, [ws, eventId, newer]);
    await db.query(`INSERT INTO stage_transitions (workspace_id, id, contact_id, to_stage, entered_at, cause_type) VALUES ($1, $2, $3, 'sales_qualified', now(), 'manual')`, [ws, newId(), newer]);
    const earlierLoser = await contact(ctx, { first_name: 'A', email: null, merged_into: newer });
    const snapshot = async () => ({
      contacts: await db.query('SELECT * FROM contacts WHERE workspace_id = $1 ORDER BY id', [ws]),
      events: await db.query('SELECT id, contact_id FROM events WHERE workspace_id = $1 ORDER BY id', [ws]),
      transitions: await db.query('SELECT id, contact_id FROM stage_transitions WHERE workspace_id = $1 ORDER BY id', [ws]),
      deals: await db.query('SELECT deal_id, contact_id FROM deal_contacts WHERE workspace_id = $1 ORDER BY deal_id, contact_id', [ws]),
    });
    const before = await snapshot();

    const result = await mergeContacts(ctx, { a: newer, b: older });
    expect(result.loserId).toBe(newer);
    expect(result.survivor).toMatchObject({
      id: older,
      email: 'anne.lee@gmail.com',
      firstName: 'Anne',
      lastName: 'Lee',
      lifecycleStage: 'sales_qualified',
      originalSource: { channel: 'organic_search' },
      properties: { seats: 5 },
    });
    const after = await snapshot();
    expect(after.events).toEqual([{ id: eventId, contact_id: older }]);
    expect(after.transitions.every((t) => t.contact_id === older)).toBe(true);
    expect(after.deals).toEqual(
      [{ deal_id: dealShared, contact_id: older }, { deal_id: dealOwn, contact_id: older }].sort((x, y) => (x.deal_id < y.deal_id ? -1 : 1)),
    );
    const merged = after.contacts.filter((c) => c.merged_into === older).map((c) => c.id);
    expect(merged.sort()).toEqual([newer, earlierLoser].sort());

    await undoMerge(ctx, result.auditId);
    const restored = await snapshot();
    const withoutUpdatedAt = (rows: Record<string, unknown>[]) => rows.map(({ updated_at: _u, ...r }) => r);
    expect(withoutUpdatedAt(restored.contacts)).toEqual(withoutUpdatedAt(before.contacts));
    expect(restored.events).toEqual(before.events);
    expect(restored.transitions).toEqual(before.transitions);
    expect(restored.deals).toEqual(before.deals);
    await expect(undoMerge(ctx, result.auditId)).rejects.toThrow(/already been undone/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../../test/databases.ts';
import { templateConfig } from '../../config/templates.ts';
import { seededRandom } from '../../domain/predictive/seeded-random.ts';
import { SYSTEM_ACTOR } from '../../store/audit.ts';
import type { Database } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { reevaluateWorkspace } from '../reevaluate.ts';
import { currentConfig, saveConfig } from '../workspace-config.ts';
import type { ContactRow } from './prepare-contact.ts';
import { writeBatch } from './write-batch.ts';

const TITLES = [null, 'CEO', 'VP Marketing', 'Director of Sales', 'Marketing Manager', 'Intern', 'Engineer'];
const COUNTRIES = [null, 'US', 'DE', 'BR', 'FR'];
const DOMAINS = ['big.io', 'mid.io', 'tiny.io', 'fresh.io', null];

/** Rows with every combination that matters to placement: titles, countries, companies, file statuses, partners. */
const rows = (count: number, seed: number): ContactRow[] => {
  const random = seededRandom(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const domain = pick(DOMAINS);
    return {
      email: `p${i}@${domain ?? 'gmail.com'}`,
      first_name: `P${i}`,
      last_name: null,
      phone: null,
      job_title: pick(TITLES),
      country: pick(COUNTRIES),
      city: null,
      company_domain: domain,
      company_name: domain === 'fresh.io' && random() < 0.5 ? 'Fresh' : null,
      lifecycle_stage: null,
      lead_status: random() < 0.2 ? 'attempted_to_contact' : null,
      stage_entered_at: null,
      original_source: null,
      properties: random() < 0.1 ? { contactType: 'partner' } : {},
      created_at: null,
      transitions: [],
    };
  });
};

describe.each(backends)('placing new contacts as an import writes them (%s)', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  /** A workspace whose stages can be reached from properties and fit alone, with companies that already have a roll-up. */
  const workspace = async (): Promise<string> => {
    const workspaceId = await createTestWorkspace(db);
    const config = templateConfig('classic');
    const stage = (id: string) => config.stages.find((s) => s.id === id)!;
    stage('lead').entry = { property: 'jobTitle', op: 'exists' };
    stage('marketing_qualified').entry = { property: 'fitScore', op: 'gte', value: 40 };
    // Reached by a CEO, but only with a company name: the others are blocked where they are.
    stage('sales_qualified').entry = { property: 'jobTitle', op: 'eq', value: 'CEO' };
    await db.transaction((tx) => saveConfig({ db, workspaceId, actor: SYSTEM_ACTOR }, tx, config));
    for (const [domain, employees, stageId, customer] of [
      ['big.io', 5000, 'customer', 'active'],
      ['mid.io', 300, 'lead', null],
      ['tiny.io', 5, null, null],
    ] as const) {
      await db.query(
        'INSERT INTO companies (workspace_id, id, name, domain, employees, lifecycle_stage, customer_status) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [workspaceId, newId(), domain.split('.')[0], domain, employees, stageId, customer],
      );
    }
    return workspaceId;
  };

  /** Everything placement writes, by email, without ids and instants. */
  const outcome = async (workspaceId: string) => ({
    contacts: await db.query(
      `SELECT email, lifecycle_stage, lead_status, customer_status, fit_score, engagement_score, stage_entered_at IS NOT NULL AS entered
         FROM contacts WHERE workspace_id = $1 ORDER BY email`,
      [workspaceId],
    ),
    transitions: await db.query(
      `SELECT c.email, t.from_stage, t.to_stage, t.skipped, t.exited_at IS NULL AS open, t.cause_type, t.config_version
         FROM stage_transitions t JOIN contacts c ON c.workspace_id = t.workspace_id AND c.id = t.contact_id
        WHERE t.workspace_id = $1 ORDER BY c.email, t.skipped DESC, t.to_stage`,
      [workspaceId],
    ),
    scorePoints: await db.query(
      `SELECT c.email, s.model, s.fit, s.engagement, s.grade
         FROM score_history s JOIN contacts c ON c.workspace_id = s.workspace_id AND c.id = s.contact_id
        WHERE s.workspace_id = $1 ORDER BY c.email`,
      [workspaceId],
    ),
    companies: await db.query('SELECT domain, name, lifecycle_stage, customer_status FROM companies WHERE workspace_id = $1 ORDER BY domain, name', [
      workspaceId,
    ]),
  });

  it('gives each new contact the stage, status, scores, history and company roll-up that re-evaluating it would', async () => {
    const batch = rows(400, kind === 'postgres' ? 7 : 11);
    const placedWorkspace = await workspace();
    const { version, config } = await currentConfig(db, placedWorkspace);
    await db.transaction((tx) => writeBatch(tx, placedWorkspace, 'contact', batch, { version, config }));
    // Nothing was left for the re-evaluation that follows an import.
    expect(await reevaluateWorkspace(db, placedWorkspace)).toMatchObject({ moved: 0 });

    const reevaluatedWorkspace = await workspace();
    await db.transaction((tx) => writeBatch(tx, reevaluatedWorkspace, 'contact', batch));
    expect((await db.query('SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1 AND lifecycle_stage IS NULL', [reevaluatedWorkspace]))[0]).toEqual({ n: 400 });
    await reevaluateWorkspace(db, reevaluatedWorkspace);

    const placed = await outcome(placedWorkspace);
    const reevaluated = await outcome(reevaluatedWorkspace);
    // Except that a lead status the file gives stays (re-evaluation lets a stage's status on entry replace it).
    const fileStatus = new Map(batch.map((r) => [r.email, r.lead_status]));
    const expected = { ...reevaluated, contacts: reevaluated.contacts.map((c) => ({ ...c, lead_status: fileStatus.get(c.email as string) ?? c.lead_status })) };
    expect(placed).toEqual(expected);
    expect(reevaluated.contacts.some((c) => fileStatus.get(c.email as string) && c.lead_status !== fileStatus.get(c.email as string))).toBe(true);
    // The cases the comparison is about all occur.
    const stages = new Set(placed.contacts.map((c) => c.lifecycle_stage));
    for (const stage of ['subscriber', 'lead', 'marketing_qualified', 'sales_qualified', 'other', null]) expect(stages).toContain(stage);
    expect(placed.transitions.some((t) => t.skipped)).toBe(true);
    expect(placed.companies.find((c) => c.domain === 'tiny.io')?.lifecycle_stage).not.toBeNull();
  });

  it('leaves an existing contact to the upsert: a re-run of the file changes nothing', async () => {
    const workspaceId = await workspace();
    const { version, config } = await currentConfig(db, workspaceId);
    const batch = rows(50, 3);
    const first = await db.transaction((tx) => writeBatch(tx, workspaceId, 'contact', batch, { version, config }));
    expect(first).toMatchObject({ created: 50, updated: 0, unchanged: 0 });
    const before = await outcome(workspaceId);
    const again = await db.transaction((tx) => writeBatch(tx, workspaceId, 'contact', batch, { version, config }));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 50 });
    expect(await outcome(workspaceId)).toEqual(before);
  });
});

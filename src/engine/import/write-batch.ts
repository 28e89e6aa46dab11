// Writes one prepared, folded batch with a handful of set-based statements per object type.

import type { Company } from '../../domain/contact.ts';
import type { Queryable } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { rowToRecord } from '../../store/records.ts';
import { rollUpCompanies, rollUpForwardMovers } from '../company-rollup-service.ts';
import { type DealMilestone, type MilestoneDeal, milestonesOfStatus, recordDealMilestones } from '../deal-milestones.ts';
import { currentConfig, type VersionedConfig } from '../workspace-config.ts';
import { scorePointRecords, scorePointsInsertSql, transitionRecords, transitionsInsertSql } from '../lifecycle-effects.ts';
import type { ImportObjectType } from './column-synonyms.ts';
import type { ContactRow } from './prepare-contact.ts';
import type { CompanyRow } from './prepare-company.ts';
import type { DealRow } from './prepare-deal.ts';
import type { EventRow } from './prepare-event.ts';
import { inSlices } from './in-slices.ts';
import { type Placement, placeNewContacts } from './place-new-contacts.ts';
import { insertNewSql, upsertSql, type UpsertSpec } from './upsert-sql.ts';
import { recordSet } from '../../store/record-set.ts';

export type BatchCounts = { created: number; updated: number; unchanged: number; companiesCreated: number };

/** Rows the database refused after preparation (an event naming an unknown contact), by position in the batch. */
export type LateRejection = { position: number; reason: string };

export type BatchResult = BatchCounts & { lateRejections: LateRejection[] };

const CONTACTS_SPEC: UpsertSpec = {
  table: 'contacts',
  conflict: '(workspace_id, email) WHERE email IS NOT NULL AND merged_into IS NULL',
  input: [
    'id uuid', 'email text', 'first_name text', 'last_name text', 'phone text', 'job_title text', 'country text', 'city text',
    'company_id uuid', 'lifecycle_stage text', 'lead_status text', 'stage_entered_at timestamptz',
    'original_source jsonb', 'properties jsonb', 'created_at timestamptz',
  ],
  columns: [
    { column: 'email', update: 'insert_only' },
    { column: 'first_name', update: 'prefer_new' },
    { column: 'last_name', update: 'prefer_new' },
    { column: 'phone', update: 'prefer_new' },
    { column: 'job_title', update: 'prefer_new' },
    { column: 'country', update: 'prefer_new' },
    { column: 'city', update: 'prefer_new' },
    { column: 'company_id', update: 'keep_old' },
    { column: 'lifecycle_stage', update: 'prefer_new' },
    { column: 'lead_status', update: 'prefer_new' },
    { column: 'stage_entered_at', update: 'prefer_new' },
    // The original source is set once (DESIGN §1): a later file does not rewrite it.
    { column: 'original_source', update: 'keep_old' },
    { column: 'properties', update: 'merge' },
    { column: 'created_at', update: 'insert_only', expr: 'COALESCE(i.created_at, now())' },
  ],
};

const CONTACTS_UPSERT = upsertSql(CONTACTS_SPEC);

/** New contacts inserted already placed: the contact columns and the lifecycle step's. */
const PLACED_CONTACTS_INSERT = insertNewSql({
  ...CONTACTS_SPEC,
  input: [...CONTACTS_SPEC.input, 'customer_status text', 'fit_score float8', 'engagement_score float8'],
  columns: [
    ...CONTACTS_SPEC.columns,
    { column: 'customer_status', update: 'insert_only' },
    { column: 'fit_score', update: 'insert_only' },
    { column: 'engagement_score', update: 'insert_only' },
  ],
});

/**
 * The placed contacts ($2) with, for those actually inserted, their stage history ($3, under configuration
 * version $5) and score points ($4, of model $6): one statement, whose parameters are all built beforehand.
 */
const PLACED_INSERT = `WITH c AS (${PLACED_CONTACTS_INSERT}),
t AS (${transitionsInsertSql('$3', '$5::integer', 'WHERE x.contact_id IN (SELECT id FROM c)')}),
s AS (${scorePointsInsertSql('$4', '$6::text', 'WHERE x.contact_id IN (SELECT id FROM c)')})
SELECT id FROM c`;

const COMPANIES_UPSERT = upsertSql({
  table: 'companies',
  conflict: '(workspace_id, domain) WHERE domain IS NOT NULL',
  input: ['id uuid', 'domain text', 'name text', 'industry text', 'employees integer', 'annual_revenue bigint', 'country text', 'city text', 'properties jsonb', 'created_at timestamptz'],
  columns: [
    { column: 'domain', update: 'insert_only' },
    { column: 'name', update: 'prefer_new', expr: "COALESCE(i.name, initcap(split_part(i.domain, '.', 1)))" },
    { column: 'industry', update: 'prefer_new' },
    { column: 'employees', update: 'prefer_new' },
    { column: 'annual_revenue', update: 'prefer_new' },
    { column: 'country', update: 'prefer_new' },
    { column: 'city', update: 'prefer_new' },
    { column: 'properties', update: 'merge' },
    { column: 'created_at', update: 'insert_only', expr: 'COALESCE(i.created_at, now())' },
  ],
});

const DEALS_UPSERT = upsertSql({
  table: 'deals',
  conflict: '(workspace_id, external_id) WHERE external_id IS NOT NULL',
  input: [
    'id uuid', 'external_id text', 'name text', 'amount bigint', 'currency text', 'pipeline text', 'stage text', 'status text', 'close_date date',
    'closed_at timestamptz', 'company_id uuid', 'properties jsonb', 'created_at timestamptz',
  ],
  columns: [
    { column: 'external_id', update: 'insert_only' },
    { column: 'name', update: 'prefer_new' },
    { column: 'amount', update: 'prefer_new' },
    { column: 'currency', update: 'prefer_new' },
    { column: 'pipeline', update: 'prefer_new' },
    { column: 'stage', update: 'prefer_new' },
    { column: 'status', update: 'prefer_new' },
    { column: 'close_date', update: 'prefer_new' },
    { column: 'closed_at', update: 'prefer_new' },
    { column: 'company_id', update: 'keep_old' },
    { column: 'properties', update: 'merge' },
    { column: 'created_at', update: 'insert_only', expr: 'COALESCE(i.created_at, now())' },
  ],
});

const COMPANIES_BY_DOMAIN = 'SELECT * FROM companies WHERE workspace_id = $1 AND domain = ANY($2::text[])';

const CREATE_COMPANIES = `INSERT INTO companies (workspace_id, id, name, domain)
SELECT $1, x.id, COALESCE(x.name, initcap(split_part(x.domain, '.', 1))), x.domain
FROM json_to_recordset($2::json) AS x(id uuid, domain text, name text)
ON CONFLICT (workspace_id, domain) WHERE domain IS NOT NULL DO NOTHING RETURNING *`;

// A company found by name when a row has no domain to match on; the oldest wins among namesakes.
const COMPANIES_BY_NAME = `SELECT DISTINCT ON (n.name) n.name AS wanted, c.*
FROM unnest($2::text[]) AS n(name) JOIN companies c ON c.workspace_id = $1 AND lower(c.name) = lower(n.name)
ORDER BY n.name, c.created_at, c.id`;

const CONTACT_TRANSITIONS = `INSERT INTO stage_transitions (workspace_id, id, contact_id, from_stage, to_stage, entered_at, exited_at, cause_type, skipped)
SELECT $1, x.id, c.id, x.from_stage, x.to_stage, x.entered_at, x.exited_at, 'import', false
FROM json_to_recordset($2::json) AS x(id uuid, email text, from_stage text, to_stage text, entered_at timestamptz, exited_at timestamptz)
JOIN contacts c ON c.workspace_id = $1 AND c.email = x.email AND c.merged_into IS NULL
WHERE NOT EXISTS (SELECT 1 FROM stage_transitions s WHERE s.workspace_id = $1 AND s.contact_id = c.id AND s.to_stage = x.to_stage AND s.entered_at = x.entered_at)`;

const DEAL_CONTACTS = `INSERT INTO deal_contacts (workspace_id, deal_id, contact_id)
SELECT $1, d.id, c.id FROM json_to_recordset($2::json) AS x(external_id text, contact_email text)
JOIN deals d ON d.workspace_id = $1 AND d.external_id = x.external_id
JOIN contacts c ON c.workspace_id = $1 AND c.email = x.contact_email AND c.merged_into IS NULL
ON CONFLICT DO NOTHING`;

const EVENTS_INSERT = `INSERT INTO events (workspace_id, id, external_id, contact_id, anonymous_id, type, occurred_at, properties)
SELECT $1, x.id, x.external_id, c.id, x.anonymous_id, x.type, x.occurred_at, x.properties
FROM ${recordSet('$2', 'x', ['id uuid', 'external_id text', 'email text', 'anonymous_id text', 'type text', 'occurred_at timestamptz', 'properties jsonb'])}
LEFT JOIN contacts c ON c.workspace_id = $1 AND c.email = x.email AND c.merged_into IS NULL
ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id`;

const withIds = <T>(rows: readonly T[]): (T & { id: string })[] => rows.map((row) => ({ ...row, id: newId() }));

/** Upserts records that carry their new ids; a row the statement left alone (nothing changed) is unchanged. */
const upsertRecords = async (tx: Queryable, workspaceId: string, sql: string, count: number, records: readonly object[]): Promise<BatchCounts> => {
  if (count === 0) return { created: 0, updated: 0, unchanged: 0, companiesCreated: 0 };
  const [{ inserted, written }] = (await tx.query<{ inserted: number; written: number }>(sql, [workspaceId, JSON.stringify(records)])) as [{ inserted: number; written: number }];
  return { created: inserted, updated: written - inserted, unchanged: count - written, companiesCreated: 0 };
};

const upsert = (tx: Queryable, workspaceId: string, sql: string, rows: readonly object[]): Promise<BatchCounts> =>
  upsertRecords(tx, workspaceId, sql, rows.length, withIds(rows));

type CompanyRef = { company_domain: string | null; company_name: string | null };

/**
 * The company of each row: by its business domain (created set-based where missing, named from the file when it
 * names one), else by the company name it gives. Looked up once per distinct domain and name in the batch; the
 * companies themselves come back too (new contacts are placed with their company).
 */
const resolveCompanies = async (
  tx: Queryable,
  workspaceId: string,
  rows: readonly CompanyRef[],
  { mayCreate = true }: { mayCreate?: boolean } = {},
): Promise<{ companyIds: (string | null)[]; companies: Map<string, Company>; created: number; missing: number }> => {
  const byDomain = new Map<string, string | null>();
  const names = new Set<string>();
  for (const r of rows) {
    if (r.company_domain !== null) {
      if (!byDomain.has(r.company_domain)) byDomain.set(r.company_domain, r.company_name);
    } else if (r.company_name !== null) names.add(r.company_name);
  }
  let created = 0;
  const companies = new Map<string, Company>();
  const found = (row: Record<string, unknown>): Company => {
    const company = rowToRecord('company', row) as unknown as Company;
    companies.set(company.id, company);
    return company;
  };
  const idOfDomain = new Map<string, string>();
  const readDomains = async (domains: string[]) => {
    for (const row of await tx.query(COMPANIES_BY_DOMAIN, [workspaceId, domains])) {
      const company = found(row);
      idOfDomain.set(company.domain!, company.id);
    }
  };
  // Most batches meet only known domains: one read. The missing are created; one that another transaction
  // created meanwhile is skipped by the insert and read again by a statement that sees it.
  if (byDomain.size > 0) await readDomains([...byDomain.keys()]);
  const missing = [...byDomain].filter(([domain]) => !idOfDomain.has(domain));
  if (missing.length > 0 && mayCreate) {
    const fresh = missing.map(([domain, name]) => ({ id: newId(), domain, name }));
    const inserted = await tx.query(CREATE_COMPANIES, [workspaceId, JSON.stringify(fresh)]);
    created = inserted.length;
    for (const row of inserted) {
      const company = found(row);
      idOfDomain.set(company.domain!, company.id);
    }
    if (created < missing.length) await readDomains(missing.map(([domain]) => domain).filter((domain) => !idOfDomain.has(domain)));
  }
  const idOfName = new Map<string, string>();
  if (names.size > 0) {
    for (const row of await tx.query<{ wanted: string }>(COMPANIES_BY_NAME, [workspaceId, [...names]])) idOfName.set(row.wanted, found(row).id);
  }
  const companyIds = rows.map((r) =>
    r.company_domain !== null ? (idOfDomain.get(r.company_domain) ?? null) : r.company_name !== null ? (idOfName.get(r.company_name) ?? null) : null,
  );
  return { companyIds, companies, created, missing: mayCreate ? 0 : missing.length };
};

// The contact upsert's record set, field by field: building each record whole is several times cheaper than
// spreading the prepared row and dropping its transitions.
const contactRecord = (r: ContactRow, companyId: string | null) => ({
  id: newId(),
  email: r.email,
  first_name: r.first_name,
  last_name: r.last_name,
  phone: r.phone,
  job_title: r.job_title,
  country: r.country,
  city: r.city,
  company_id: companyId,
  lifecycle_stage: r.lifecycle_stage,
  lead_status: r.lead_status,
  stage_entered_at: r.stage_entered_at,
  original_source: r.original_source,
  properties: r.properties,
  created_at: r.created_at,
});

type ContactRecord = ReturnType<typeof contactRecord>;

/** What a placed contact's company needs for its roll-up once the contact is inserted. */
type RollUpMember = { companyId: string | null; lifecycleStage: string | null; customerStatus: string | null };

/** New contacts placed ahead of their write, with the placed insert's record sets as JSON arrays. */
type PlacedContacts = { contacts: string; transitions: string; scores: string; members: Map<string, RollUpMember> };

/**
 * The part of a contact batch's write that can happen before the batch's own transaction, so an import can do it
 * for the next batch while the previous one is being written: the companies found (or created), the records built,
 * and the rows the file gives no stage or history placed by the lifecycle step (see place-new-contacts), whether or
 * not their email is taken, their insert's parameters built.
 */
export type ReadyContacts = {
  records: ContactRecord[];
  companiesCreated: number;
  placed: PlacedContacts | null;
};

/** Records serialized between two turns of the event loop. */
const JSON_SLICE = 500;

/** `JSON.stringify(rows)` a slice at a time (see in-slices). */
const jsonOf = async (rows: readonly object[]): Promise<string> => {
  const parts: string[] = [];
  await inSlices(rows, JSON_SLICE, (slice) => parts.push(JSON.stringify(slice).slice(1, -1)));
  return `[${parts.join(',')}]`;
};

const placeAhead = async (fresh: readonly ContactRecord[], companies: ReadonlyMap<string, Company>, placement: Placement): Promise<PlacedContacts> => {
  const { columns, effects } = await placeNewContacts(fresh, companies, placement.config, new Date(), placement.propertyTypes);
  const placed = fresh.map((r) => ({ ...r, ...columns.get(r.id)! }));
  return {
    contacts: await jsonOf(placed),
    transitions: await jsonOf(transitionRecords(effects.transitions)),
    scores: await jsonOf(scorePointRecords(effects.scores)),
    members: new Map(placed.map((r) => [r.id, { companyId: r.company_id, lifecycleStage: r.lifecycle_stage, customerStatus: r.customer_status }])),
  };
};

export function readyContacts(q: Queryable, workspaceId: string, rows: readonly ContactRow[], placement?: Placement): Promise<ReadyContacts>;
/**
 * With `onlyKnownCompanies`, nothing is written: a batch that names a company not yet created is not ready (null),
 * and its write does it all, so an import that stops before that write has created nothing for it.
 */
export function readyContacts(q: Queryable, workspaceId: string, rows: readonly ContactRow[], placement: Placement | undefined, onlyKnownCompanies: true): Promise<ReadyContacts | null>;
export async function readyContacts(
  q: Queryable,
  workspaceId: string,
  rows: readonly ContactRow[],
  placement?: Placement,
  onlyKnownCompanies = false,
): Promise<ReadyContacts | null> {
  const { companyIds, companies, created, missing } = await resolveCompanies(q, workspaceId, rows, { mayCreate: !onlyKnownCompanies });
  if (missing > 0) return null;
  const records = rows.map((r, i) => contactRecord(r, companyIds[i]!));
  const fresh = placement ? records.filter((r, i) => r.lifecycle_stage === null && rows[i]!.transitions.length === 0) : [];
  const placed = placement && fresh.length > 0 ? await placeAhead(fresh, companies, placement) : null;
  return { records, companiesCreated: created, placed };
}

/**
 * Inserts the placed rows whose email no contact has, with their history, score points and companies' roll-up.
 * Returns the ids inserted; the others are left for the upsert (and the re-evaluation after it). The insert itself
 * tells which emails are new: a lookup beforehand would be planned on the statistics of a table that the import
 * is still filling.
 */
const insertPlaced = async (tx: Queryable, workspaceId: string, ready: ReadyContacts, placement: Placement): Promise<Set<string>> => {
  if (ready.placed === null) return new Set();
  const { config, version } = placement;
  const { contacts, transitions, scores, members } = ready.placed;
  const inserted = new Set((await tx.query<{ id: string }>(PLACED_INSERT, [workspaceId, contacts, transitions, scores, version, config.scoring.primary])).map((r) => r.id));
  await rollUpForwardMovers(tx, workspaceId, config, [...members].flatMap(([id, member]) => (inserted.has(id) ? [member] : [])));
  return inserted;
};

/**
 * Contacts are upserted by email. With a `placement`, the new contacts the file gives no stage are inserted
 * already placed in their first stage; the others (updates, rows with stages or history from the file) are
 * upserted as the file has them and placed by the re-evaluation after the import.
 */
const writeContacts = async (tx: Queryable, workspaceId: string, rows: readonly ContactRow[], placement?: Placement, given?: ReadyContacts | null): Promise<BatchResult> => {
  const ready = given ?? (await readyContacts(tx, workspaceId, rows, placement));
  const inserted = placement ? await insertPlaced(tx, workspaceId, ready, placement) : new Set<string>();
  const rest = inserted.size === 0 ? ready.records : ready.records.filter((r) => !inserted.has(r.id));
  const counts = await upsertRecords(tx, workspaceId, CONTACTS_UPSERT, rest.length, rest);
  // A stage the file gives is written as it is, outside the step: those contacts' companies roll up from all of
  // their people and deals (a file may set a stage below the one a contact had).
  const staged = rest.flatMap((r) => (r.lifecycle_stage === null || r.email === null ? [] : [r.email]));
  if (staged.length > 0) {
    const { config } = placement ?? (await currentConfig(tx, workspaceId));
    await rollUpCompanies(tx, workspaceId, config, { contactEmails: staged });
  }
  const transitions = rows.flatMap((r) => r.transitions.map((t) => ({ ...t, email: r.email, id: newId() })));
  if (transitions.length > 0) await tx.query(CONTACT_TRANSITIONS, [workspaceId, JSON.stringify(transitions)]);
  return { ...counts, created: counts.created + inserted.size, companiesCreated: ready.companiesCreated, lateRejections: [] };
};

// The batch's deals as stored, with each of their contacts and the milestones those contacts already have.
const DEAL_MILESTONE_STATE = `SELECT d.id, d.status, d.created_at, d.closed_at, d.amount, d.currency, d.pipeline, d.company_id, dc.contact_id,
       (SELECT coalesce(array_agg(DISTINCT e.type), '{}') FROM events e
         WHERE e.workspace_id = d.workspace_id AND e.contact_id = dc.contact_id AND e.type = ANY('{deal_created,deal_won,deal_lost}'::text[])
           AND e.properties ->> 'dealId' = d.id::text) AS recorded
  FROM deals d LEFT JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id
 WHERE d.workspace_id = $1 AND d.external_id = ANY($2::text[])`;

type DealMilestoneRow = {
  id: string;
  status: string;
  created_at: Date;
  closed_at: Date | null;
  amount: unknown;
  currency: unknown;
  pipeline: unknown;
  company_id: string | null;
  contact_id: string | null;
  recorded: string[];
};

/**
 * An imported deal moves its people as one made through the API does: each of its contacts gets the deal's
 * `deal_created` milestone (at the deal's creation) and, once it is won or lost, that one too (at its close),
 * unless the contact already has it for this deal, so a re-run of the same file records nothing new.
 */
const dealMilestonesOf = (rows: readonly DealMilestoneRow[], now: string) => {
  const deals = new Map<string, MilestoneDeal>();
  const milestones: DealMilestone[] = [];
  for (const row of rows) {
    const deal = deals.get(row.id) ?? { id: row.id, amount: row.amount, currency: row.currency, pipeline: row.pipeline, companyId: row.company_id };
    deals.set(row.id, deal);
    if (row.contact_id === null) continue;
    const createdAt = new Date(row.created_at).toISOString();
    const closedAt = row.closed_at ? new Date(row.closed_at).toISOString() : now;
    for (const type of milestonesOfStatus(row.status)) {
      const occurredAt = type === 'deal_created' ? createdAt : closedAt;
      if (!row.recorded.includes(type)) milestones.push({ deal, contactId: row.contact_id, type, occurredAt: occurredAt < now ? occurredAt : now });
    }
  }
  return { deals: [...deals.values()], milestones };
};

const writeDeals = async (tx: Queryable, workspaceId: string, rows: readonly DealRow[], versioned?: VersionedConfig): Promise<BatchResult> => {
  const { companyIds, created: companiesCreated } = await resolveCompanies(tx, workspaceId, rows);
  const records = rows.map(({ contact_email: _e, company_domain: _d, company_name: _n, ...row }, i) => ({ ...row, company_id: companyIds[i]!, id: newId() }));
  const counts = await upsertRecords(tx, workspaceId, DEALS_UPSERT, rows.length, records);
  const links = rows.filter((r) => r.contact_email !== null).map((r) => ({ external_id: r.external_id, contact_email: r.contact_email }));
  if (links.length > 0) await tx.query(DEAL_CONTACTS, [workspaceId, JSON.stringify(links)]);
  if (counts.created + counts.updated > 0 || links.length > 0) {
    const state = await tx.query<DealMilestoneRow>(DEAL_MILESTONE_STATE, [workspaceId, rows.map((r) => r.external_id)]);
    const { deals, milestones } = dealMilestonesOf(state, new Date().toISOString());
    // Unchanged deals whose contacts have every milestone leave their companies as they are.
    const moving = new Set(milestones.map((m) => m.deal.id));
    const changed = counts.created + counts.updated > 0 ? deals : deals.filter((d) => moving.has(d.id));
    await recordDealMilestones(tx, workspaceId, changed, milestones, versioned);
  }
  return { ...counts, companiesCreated, lateRejections: [] };
};

/** Events name their contact by email; a row whose email matches no contact is rejected, not stored anonymous. */
const writeEvents = async (tx: Queryable, workspaceId: string, rows: readonly EventRow[]): Promise<BatchResult> => {
  const emails = [...new Set(rows.flatMap((r) => (r.email === null ? [] : [r.email])))];
  const known = new Set(
    emails.length === 0
      ? []
      : (await tx.query<{ email: string }>('SELECT email FROM contacts WHERE workspace_id = $1 AND email = ANY($2::text[]) AND merged_into IS NULL', [workspaceId, emails])).map((r) => r.email),
  );
  const lateRejections: LateRejection[] = [];
  const accepted = rows.filter((r, position) => {
    if (r.email === null || known.has(r.email)) return true;
    lateRejections.push({ position, reason: `no contact has the email ${r.email}` });
    return false;
  });
  const created = accepted.length === 0 ? 0 : (await tx.query(EVENTS_INSERT, [workspaceId, JSON.stringify(withIds(accepted))])).length;
  return { created, updated: 0, unchanged: accepted.length - created, companiesCreated: 0, lateRejections };
};

const writeCompanies = async (tx: Queryable, workspaceId: string, rows: readonly CompanyRow[]): Promise<BatchResult> => ({
  ...(await upsert(tx, workspaceId, COMPANIES_UPSERT, rows)),
  lateRejections: [],
});

export type BatchRows = { contact: ContactRow[]; company: CompanyRow[]; deal: DealRow[]; event: EventRow[] };

/**
 * `placement`: the configuration the import runs under: contact imports place the contacts they create (see
 * writeContacts), deal imports step their milestones (see writeDeals); `ready`: that part of a contact
 * batch's write, done ahead by `readyContacts` (null: not done, the write does it).
 */
export const writeBatch = <T extends ImportObjectType>(
  tx: Queryable,
  workspaceId: string,
  type: T,
  rows: BatchRows[T],
  placement?: Placement,
  ready?: ReadyContacts | null,
): Promise<BatchResult> => {
  switch (type) {
    case 'contact':
      return writeContacts(tx, workspaceId, rows as ContactRow[], placement, ready);
    case 'company':
      return writeCompanies(tx, workspaceId, rows as CompanyRow[]);
    case 'deal':
      return writeDeals(tx, workspaceId, rows as DealRow[], placement);
    default:
      return writeEvents(tx, workspaceId, rows as EventRow[]);
  }
};

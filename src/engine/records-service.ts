import { domainFromEmail, domainFromUrl } from '../domain/normalize/domain.ts';
import { isFreeMailDomain, normalizeEmail } from '../domain/normalize/email.ts';
import { changedFields, writeAudit } from '../store/audit.ts';
import type { Queryable } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { listPropertyDefinitions } from '../store/property-definitions.ts';
import type { ObjectType } from '../store/record-tables.ts';
import * as records from '../store/records.ts';
import type { StoredRecord } from '../store/records.ts';
import { AppError, type FieldProblem, invalid, notFound } from './app-error.ts';
import type { RequestContext } from './context.ts';
import { checkCustomProperties } from './custom-properties.ts';
import { processContactInputs } from './lifecycle-service.ts';
import { milestonesOfStatus, type MilestoneType, recordDealMilestones } from './deal-milestones.ts';
import { rethrowUniqueViolation } from './unique-violation.ts';

export type RecordInput = Record<string, unknown> & { properties?: Record<string, unknown> };

const LABELS: Record<ObjectType, string> = { contact: 'contact', company: 'company', deal: 'deal' };

export const companyNameFromDomain = (domain: string): string => {
  const label = domain.split('.')[0] ?? domain;
  return label.charAt(0).toUpperCase() + label.slice(1);
};

/** Finds the company that owns a web domain, creating it (audited) when there is none. */
export const findOrCreateCompanyByDomain = async (ctx: RequestContext, tx: Queryable, domain: string): Promise<string> => {
  const [existing] = await tx.query<{ id: string }>('SELECT id FROM companies WHERE workspace_id = $1 AND domain = $2', [
    ctx.workspaceId,
    domain,
  ]);
  if (existing) return existing.id;
  const created = await records.insertRecord(tx, ctx.workspaceId, 'company', { id: newId(), name: companyNameFromDomain(domain), domain });
  await writeAudit(tx, ctx.workspaceId, ctx.actor, {
    action: 'company.create',
    objectType: 'company',
    objectId: created.id,
    changes: changedFields(null, created),
    reason: 'created from a contact email domain',
  });
  return created.id;
};

const requireRecord = async (ctx: RequestContext, tx: Queryable, type: ObjectType, id: string | null | undefined, field: string) => {
  if (id === null || id === undefined) return;
  if (!(await records.getRecord(tx, ctx.workspaceId, type, id))) throw invalid(`${field} does not name an existing ${LABELS[type]}`, [{ field, message: `no ${LABELS[type]} with id ${id}` }]);
};

/** Normalizes and checks the standard fields of one object type; returns the values to store. */
const prepare = async (
  ctx: RequestContext,
  tx: Queryable,
  type: ObjectType,
  input: RecordInput,
  before: StoredRecord | null,
): Promise<Record<string, unknown>> => {
  const values: Record<string, unknown> = { ...input };
  const problems: FieldProblem[] = [];
  if (input.properties !== undefined) {
    problems.push(...checkCustomProperties(input.properties, await listPropertyDefinitions(tx, ctx.workspaceId, type)));
    values.properties = { ...((before?.properties as Record<string, unknown>) ?? {}), ...input.properties };
  }
  if (type === 'contact' && typeof input.email === 'string') {
    const email = normalizeEmail(input.email);
    if (!email.valid) problems.push({ field: 'email', message: `"${input.email}" is not a valid email address` });
    values.email = email.email;
  }
  if (type === 'company' && typeof input.domain === 'string') {
    const domain = domainFromUrl(input.domain);
    if (!domain) problems.push({ field: 'domain', message: `"${input.domain}" is not a web domain` });
    values.domain = domain;
  }
  if (type === 'deal' && typeof input.status === 'string' && input.status !== before?.status) {
    values.closedAt = input.status === 'open' ? null : new Date().toISOString();
  }
  if (problems.length > 0) throw invalid(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
  await requireRecord(ctx, tx, 'company', input.companyId as string | null | undefined, 'companyId');
  if (type === 'contact' && values.companyId === undefined && typeof values.email === 'string' && !before?.companyId) {
    const domain = domainFromEmail(values.email);
    if (domain && !isFreeMailDomain(domain)) values.companyId = await findOrCreateCompanyByDomain(ctx, tx, domain);
  }
  return values;
};

export const createRecord = async (ctx: RequestContext, type: ObjectType, input: RecordInput): Promise<StoredRecord> =>
  ctx.db
    .transaction(async (tx) => {
      const values = await prepare(ctx, tx, type, input, null);
      const { contactIds, ...rest } = values;
      const created = await records.insertRecord(tx, ctx.workspaceId, type, { ...rest, id: newId() });
      await writeAudit(tx, ctx.workspaceId, ctx.actor, {
        action: `${type}.create`,
        objectType: type,
        objectId: created.id,
        changes: changedFields(null, created),
      });
      if (type === 'deal') {
        const linked = [];
        for (const contactId of (contactIds as string[] | undefined) ?? []) {
          if (await linkDealContact(ctx, tx, created.id, contactId)) linked.push(contactId);
        }
        // A deal recorded already closed was created, then won or lost.
        await dealMilestone(ctx, tx, created, milestonesOfStatus(created.status), linked);
      }
      return afterLifecycle(ctx, tx, type, created);
    })
    .catch(rethrowUniqueViolation);

export const getRecord = async (ctx: RequestContext, type: ObjectType, id: string): Promise<StoredRecord> => {
  const found = await records.getRecord(ctx.db, ctx.workspaceId, type, id);
  // A merged contact's id keeps resolving to the survivor; merges re-point chains, so one step suffices.
  const record = found?.mergedInto ? await records.getRecord(ctx.db, ctx.workspaceId, type, String(found.mergedInto)) : found;
  if (!record || record.mergedInto) throw notFound(`${LABELS[type]} ${id}`);
  return record;
};

export const updateRecord = async (ctx: RequestContext, type: ObjectType, id: string, input: RecordInput): Promise<StoredRecord> =>
  ctx.db
    .transaction(async (tx) => {
      const before = await records.getRecord(tx, ctx.workspaceId, type, id, { forUpdate: true });
      if (!before) throw notFound(`${LABELS[type]} ${id}`);
      const values = await prepare(ctx, tx, type, input, before);
      const changes = changedFields(before, { ...before, ...values });
      if (Object.keys(changes).length === 0) return before;
      const after = (await records.updateRecord(tx, ctx.workspaceId, type, id, values))!;
      await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: `${type}.update`, objectType: type, objectId: id, changes });
      if (type === 'deal' && changes.status && (after.status === 'won' || after.status === 'lost')) {
        await dealMilestone(ctx, tx, after, [after.status === 'won' ? 'deal_won' : 'deal_lost']);
      }
      if (type === 'company') await stepContacts(ctx, tx, await companyContactIds(tx, ctx.workspaceId, id));
      return afterLifecycle(ctx, tx, type, after);
    })
    .catch(rethrowUniqueViolation);

/** What else refers to a record and must go (or let go) with it, so nothing dangles. */
const DEPENDENTS: Record<ObjectType, string[]> = {
  contact: [
    'DELETE FROM deal_contacts WHERE workspace_id = $1 AND contact_id = $2',
    'DELETE FROM events WHERE workspace_id = $1 AND contact_id = $2',
    'DELETE FROM stage_transitions WHERE workspace_id = $1 AND contact_id = $2',
  ],
  company: [
    'UPDATE contacts SET company_id = NULL WHERE workspace_id = $1 AND company_id = $2',
    'UPDATE deals SET company_id = NULL WHERE workspace_id = $1 AND company_id = $2',
  ],
  deal: ['DELETE FROM deal_contacts WHERE workspace_id = $1 AND deal_id = $2'],
};

export const deleteRecord = async (ctx: RequestContext, type: ObjectType, id: string): Promise<void> =>
  ctx.db.transaction(async (tx) => {
    const before = await records.getRecord(tx, ctx.workspaceId, type, id, { forUpdate: true });
    if (!before) throw notFound(`${LABELS[type]} ${id}`);
    const people = type === 'company' ? await companyContactIds(tx, ctx.workspaceId, id) : [];
    for (const sql of DEPENDENTS[type]) await tx.query(sql, [ctx.workspaceId, id]);
    await records.deleteRecord(tx, ctx.workspaceId, type, id);
    // Its people are stepped again without it: what their criteria and fit read of it is gone.
    await stepContacts(ctx, tx, people);
    await writeAudit(tx, ctx.workspaceId, ctx.actor, {
      action: `${type}.delete`,
      objectType: type,
      objectId: id,
      changes: changedFields(before, null),
    });
  });

export const listRecords = (ctx: RequestContext, type: ObjectType, query: records.ListQuery) =>
  records.listRecords(ctx.db, ctx.workspaceId, type, query);

const STEP_BATCH = 2000;

const companyContactIds = async (q: Queryable, workspaceId: string, companyId: string): Promise<string[]> =>
  (
    await q.query<{ id: string }>('SELECT id FROM contacts WHERE workspace_id = $1 AND company_id = $2 AND merged_into IS NULL ORDER BY id', [workspaceId, companyId])
  ).map((row) => row.id);

/**
 * Stage criteria, required fields and fit rules may read a contact's company (`company.name` to enter
 * sales_qualified, its size in the fit score), so a company's edit or deletion steps its people again, as it
 * now is. Nothing of the contacts changed, so any move is an automatic one, forward only.
 */
const stepContacts = async (ctx: RequestContext, tx: Queryable, ids: readonly string[]): Promise<void> => {
  const at = new Date().toISOString();
  for (let start = 0; start < ids.length; start += STEP_BATCH) {
    const batch = ids.slice(start, start + STEP_BATCH);
    await processContactInputs(tx, ctx.workspaceId, batch.map((contactId) => ({ contactId, input: { kind: 'properties', at, changes: {} } })), {
      automaticOnly: true,
    });
  }
};

/**
 * A contact's stage follows its record: after a contact is created or edited the lifecycle step runs on it
 * in the same transaction, and the record is read back with the stage and scores it produced.
 */
const afterLifecycle = async (ctx: RequestContext, tx: Queryable, type: ObjectType, record: StoredRecord): Promise<StoredRecord> => {
  if (type !== 'contact') return record;
  await processContactInputs(tx, ctx.workspaceId, [
    { contactId: record.id, input: { kind: 'properties', at: new Date().toISOString(), changes: {} } },
  ]);
  return (await records.getRecord(tx, ctx.workspaceId, 'contact', record.id))!;
};

/** A deal's milestones, in order, for the given contacts (by default all of its contacts), at this instant. */
const dealMilestone = async (
  ctx: RequestContext,
  tx: Queryable,
  deal: StoredRecord,
  types: readonly MilestoneType[],
  contactIds?: string[],
): Promise<void> => {
  const ids =
    contactIds ??
    (await tx.query<{ contact_id: string }>('SELECT contact_id FROM deal_contacts WHERE workspace_id = $1 AND deal_id = $2', [ctx.workspaceId, deal.id])).map(
      (r) => r.contact_id,
    );
  const occurredAt = new Date().toISOString();
  const milestoneDeal = { id: deal.id, amount: deal.amount, currency: deal.currency, pipeline: deal.pipeline, companyId: (deal.companyId as string | null) ?? null };
  await recordDealMilestones(tx, ctx.workspaceId, [milestoneDeal], types.flatMap((type) => ids.map((contactId) => ({ deal: milestoneDeal, contactId, type, occurredAt }))));
};

const linkDealContact = async (ctx: RequestContext, tx: Queryable, dealId: string, contactId: string): Promise<boolean> => {
  await requireRecord(ctx, tx, 'contact', contactId, 'contactId');
  const rows = await tx.query(
    'INSERT INTO deal_contacts (workspace_id, deal_id, contact_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING deal_id',
    [ctx.workspaceId, dealId, contactId],
  );
  return rows.length > 0;
};

/** Associates or dissociates a contact and a deal; audited on the deal. */
export const setDealContact = async (ctx: RequestContext, dealId: string, contactId: string, linked: boolean): Promise<void> =>
  ctx.db.transaction(async (tx) => {
    const deal = await records.getRecord(tx, ctx.workspaceId, 'deal', dealId);
    if (!deal) throw notFound(`deal ${dealId}`);
    const changed = linked
      ? await linkDealContact(ctx, tx, dealId, contactId)
      : (
          await tx.query('DELETE FROM deal_contacts WHERE workspace_id = $1 AND deal_id = $2 AND contact_id = $3 RETURNING deal_id', [
            ctx.workspaceId,
            dealId,
            contactId,
          ])
        ).length > 0;
    if (!changed) return;
    if (linked && deal.status !== 'lost') await dealMilestone(ctx, tx, deal, [deal.status === 'won' ? 'deal_won' : 'deal_created'], [contactId]);
    await writeAudit(tx, ctx.workspaceId, ctx.actor, {
      action: linked ? 'deal.contact_added' : 'deal.contact_removed',
      objectType: 'deal',
      objectId: dealId,
      changes: { contactIds: linked ? { before: null, after: contactId } : { before: contactId, after: null } },
    });
  });

/** Records associated with one record: a company's contacts and deals, a contact's deals, a deal's contacts. */
export const listAssociated = async (
  ctx: RequestContext,
  from: ObjectType,
  id: string,
  to: ObjectType,
): Promise<StoredRecord[]> => {
  await getRecord(ctx, from, id);
  const sql: Partial<Record<`${ObjectType}->${ObjectType}`, string>> = {
    'company->contact': 'SELECT * FROM contacts WHERE workspace_id = $1 AND company_id = $2 AND merged_into IS NULL ORDER BY created_at, id LIMIT 1000',
    'company->deal': 'SELECT * FROM deals WHERE workspace_id = $1 AND company_id = $2 ORDER BY created_at, id LIMIT 1000',
    'contact->deal':
      'SELECT d.* FROM deals d JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id WHERE d.workspace_id = $1 AND dc.contact_id = $2 ORDER BY d.created_at, d.id LIMIT 1000',
    'deal->contact':
      'SELECT c.* FROM contacts c JOIN deal_contacts dc ON dc.workspace_id = c.workspace_id AND dc.contact_id = c.id WHERE c.workspace_id = $1 AND dc.deal_id = $2 ORDER BY c.created_at, c.id LIMIT 1000',
  };
  const query = sql[`${from}->${to}`];
  if (!query) throw new AppError('not_found', `no association from ${from} to ${to}`);
  return (await ctx.db.query(query, [ctx.workspaceId, id])).map((row) => records.rowToRecord(to, row));
};

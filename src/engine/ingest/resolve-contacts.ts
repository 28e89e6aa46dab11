import { blankContact, type Contact } from '../../domain/contact.ts';
import type { Actor } from '../../store/audit.ts';
import type { Database, Queryable } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { retryOnDeadlock } from '../../store/deadlock-retry.ts';
import type { EventItem } from './event-item.ts';
import { companiesForEmails } from './company-links.ts';

export type ContactResolution = {
  /** The contact of each item by index; null for a visitor not yet identified. */
  contactOf: Map<number, string | null>;
  rejected: Map<number, string>;
  /** Visitor ids the batch identified, with their contact: earlier anonymous touches join it. */
  identified: Map<string, string>;
  /**
   * Contacts the batch creates, as they start (blank but for their email, company and creation time): not yet
   * written, so no other transaction can see them; the batch's step inserts each as it leaves it.
   */
  created: Map<string, Contact>;
};

const byId = async (q: Queryable, workspaceId: string, items: readonly EventItem[], out: ContactResolution): Promise<void> => {
  const ids = [...new Set(items.flatMap((item) => (item.contact.id ? [item.contact.id] : [])))];
  if (ids.length === 0) return;
  const rows = await q.query<{ id: string; merged_into: string | null }>(
    'SELECT id, merged_into FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[])',
    [workspaceId, ids],
  );
  // A merged contact's id resolves to the one it was merged into.
  const found = new Map(rows.map((row) => [row.id, row.merged_into ?? row.id]));
  for (const item of items) {
    if (!item.contact.id) continue;
    const id = found.get(item.contact.id);
    if (id) out.contactOf.set(item.index, id);
    else out.rejected.set(item.index, `contact.id ${item.contact.id} names no contact in this workspace`);
  }
};

const selectByEmail = (q: Queryable, workspaceId: string, emails: readonly string[]) =>
  q.query<{ id: string; email: string }>(
    'SELECT id, email FROM contacts WHERE workspace_id = $1 AND email = ANY($2::text[]) AND merged_into IS NULL',
    [workspaceId, emails],
  );

/**
 * Finds contacts by normalized email and gives each missing one a new contact, not yet written: the step inserts it
 * as it leaves it (see `created`). A new contact's creation time is its earliest event in the batch (never later than
 * now), so a replayed history keeps its order. The emails found before the transaction (`ahead`) are not looked up
 * again; a concurrent batch may have created a missing email since: those are selected again, and one it creates
 * first makes this batch's insert fail (NEW_EMAIL_INDEX), so that the batch runs again and finds it.
 */
const byEmail = async (q: Queryable, workspaceId: string, actor: Actor, items: readonly EventItem[], now: Date, ahead: EmailsAhead, out: ContactResolution) => {
  const pending = items.filter((item) => !item.contact.id && item.contact.email);
  if (pending.length === 0) return;
  const firstSeen = new Map<string, string>();
  for (const item of pending) {
    const email = item.contact.email!;
    const seen = firstSeen.get(email);
    if (seen === undefined || item.occurredAt < seen) firstSeen.set(email, item.occurredAt);
  }
  const known = new Map<string, string>();
  const unseen: string[] = [];
  for (const email of firstSeen.keys()) {
    const id = ahead.contacts.get(email);
    if (id === undefined) unseen.push(email);
    else known.set(email, id);
  }
  if (unseen.length > 0) for (const row of await selectByEmail(q, workspaceId, unseen)) known.set(row.email, row.id);
  const missing = [...firstSeen].filter(([email]) => !known.has(email));
  if (missing.length > 0) {
    // A contact made by an event is explained by that event (its first on the timeline): no audit row.
    const nowIso = now.toISOString();
    const companyOf = new Map(ahead.companies);
    const unresolved = missing.map(([email]) => email).filter((email) => !companyOf.has(email));
    if (unresolved.length > 0) for (const [email, id] of await companiesForEmails(q, workspaceId, actor, unresolved, companyNames(pending))) companyOf.set(email, id);
    for (const [email, at] of missing) {
      const contact: Contact = { ...blankContact(newId(), at < nowIso ? at : nowIso), email, companyId: companyOf.get(email) ?? null };
      known.set(email, contact.id);
      out.created.set(contact.id, contact);
    }
  }
  for (const item of pending) out.contactOf.set(item.index, known.get(item.contact.email!)!);
};

/** What a batch's emails resolved to before its transaction: the contacts that have them, and the companies of the others. */
export type EmailsAhead = { contacts: ReadonlyMap<string, string>; companies: ReadonlyMap<string, string> };

/**
 * Looks the batch's emails up before its transaction and creates, in a short transaction of its own, the
 * companies of the business emails no contact has yet; the batch's transaction then starts from what this
 * found. A company another transaction is creating makes an insert wait until that transaction ends, so two
 * batches naming the same new domain would otherwise each hold the other up for the whole of its step. A
 * batch that fails afterwards leaves its new companies (made from their domains, and audited), not its
 * contacts or events.
 */
export const resolveEmailsAhead = async (db: Database, workspaceId: string, actor: Actor, items: readonly EventItem[]): Promise<EmailsAhead> => {
  const pending = items.filter((item) => !item.contact.id && item.contact.email);
  if (pending.length === 0) return { contacts: new Map(), companies: new Map() };
  const emails = [...new Set(pending.map((item) => item.contact.email!))];
  const contacts = new Map((await selectByEmail(db, workspaceId, emails)).map((row) => [row.email, row.id]));
  const missing = emails.filter((email) => !contacts.has(email));
  const companies =
    missing.length > 0 ? await retryOnDeadlock(() => db.transaction((tx) => companiesForEmails(tx, workspaceId, actor, missing, companyNames(pending)))) : new Map<string, string>();
  return { contacts, companies };
};

/** The company name an event gave for each email, used when a new company is made from its domain. */
const companyNames = (items: readonly EventItem[]): Map<string, string> => {
  const names = new Map<string, string>();
  for (const item of items) if (item.companyName && item.contact.email) names.set(item.contact.email, item.companyName);
  return names;
};

/**
 * Visitor ids: an item naming a contact and a visitor identifies the visitor (the latest such item
 * wins); an item naming only a visitor goes to the contact the batch or an earlier identification
 * links it to, or stays anonymous.
 */
const byVisitor = async (q: Queryable, workspaceId: string, items: readonly EventItem[], out: ContactResolution) => {
  const latest = new Map<string, string>();
  for (const item of [...items].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1))) {
    const contactId = out.contactOf.get(item.index);
    if (item.contact.anonymousId && contactId) {
      latest.set(item.contact.anonymousId, contactId);
      out.identified.set(item.contact.anonymousId, contactId);
    }
  }
  const anonymous = items.filter((item) => !item.contact.id && !item.contact.email);
  const unknown = [...new Set(anonymous.map((item) => item.contact.anonymousId!).filter((id) => !latest.has(id)))];
  if (unknown.length > 0) {
    const rows = await q.query<{ anonymous_id: string; contact_id: string }>(
      'SELECT anonymous_id, contact_id FROM visitor_contacts WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])',
      [workspaceId, unknown],
    );
    for (const row of rows) latest.set(row.anonymous_id, row.contact_id);
  }
  for (const item of anonymous) out.contactOf.set(item.index, latest.get(item.contact.anonymousId!) ?? null);
};

/**
 * Records the visitors a batch identified. The caller writes these last in its transaction: the upsert waits
 * for a concurrent batch that identified the same visitor, and waiting at the end holds nothing up meanwhile.
 */
export const linkVisitors = async (q: Queryable, workspaceId: string, identified: ReadonlyMap<string, string>): Promise<void> => {
  if (identified.size === 0) return;
  await q.query(
    `INSERT INTO visitor_contacts (workspace_id, anonymous_id, contact_id)
     SELECT $1, u.anonymous_id, u.contact_id FROM unnest($2::text[], $3::uuid[]) AS u(anonymous_id, contact_id)
     ON CONFLICT (workspace_id, anonymous_id) DO UPDATE SET contact_id = excluded.contact_id, linked_at = now()
       WHERE visitor_contacts.contact_id <> excluded.contact_id`,
    [workspaceId, [...identified.keys()], [...identified.values()]],
  );
};

/** The contact of every item, with a few set-based statements whatever the batch size. */
export const resolveContacts = async (
  q: Queryable,
  workspaceId: string,
  actor: Actor,
  items: readonly EventItem[],
  now: Date,
  ahead: EmailsAhead,
): Promise<ContactResolution> => {
  const out: ContactResolution = { contactOf: new Map(), rejected: new Map(), identified: new Map(), created: new Map() };
  await byId(q, workspaceId, items, out);
  await byEmail(q, workspaceId, actor, items, now, ahead, out);
  await byVisitor(q, workspaceId, items.filter((item) => !out.rejected.has(item.index)), out);
  return out;
};

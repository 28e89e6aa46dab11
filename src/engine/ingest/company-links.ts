import { domainFromEmail } from '../../domain/normalize/domain.ts';
import { isFreeMailDomain } from '../../domain/normalize/email.ts';
import type { Actor } from '../../store/audit.ts';
import { writeAuditBatch } from '../../store/audit-batch.ts';
import type { Queryable } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { companyNameFromDomain } from '../records-service.ts';

/**
 * The company of each business email's domain, creating the missing companies (audited) in one
 * statement, so new contacts are inserted already linked. Free-mail domains make no company.
 */
export const companiesForEmails = async (
  q: Queryable,
  workspaceId: string,
  actor: Actor,
  emails: readonly string[],
  namesByEmail: ReadonlyMap<string, string>,
): Promise<Map<string, string>> => {
  const domainOf = new Map<string, string>();
  const names = new Map<string, string>();
  for (const email of emails) {
    const domain = domainFromEmail(email);
    if (domain === null || isFreeMailDomain(domain)) continue;
    domainOf.set(email, domain);
    if (!names.has(domain)) names.set(domain, namesByEmail.get(email) ?? companyNameFromDomain(domain));
  }
  if (names.size === 0) return new Map();
  const select = async (domains: readonly string[]) =>
    (await q.query<{ id: string; domain: string }>('SELECT id, domain FROM companies WHERE workspace_id = $1 AND domain = ANY($2::text[])', [workspaceId, domains])).map(
      (row) => [row.domain, row.id] as const,
    );
  // The existing companies are read first and only the missing ones inserted: an insert that meets a row a
  // concurrent transaction is updating (a roll-up of its contacts' stages) waits for that transaction to end.
  const idOf = new Map(await select([...names.keys()]));
  // Inserted in domain order: two batches creating some of the same domains then wait for each other in one order,
  // and never each hold a domain the other one needs (which deadlocked four concurrent senders).
  const missing = [...names].filter(([domain]) => !idOf.has(domain)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const created = missing.length
    ? await q.query<{ id: string; name: string; domain: string }>(
        `INSERT INTO companies (workspace_id, id, name, domain)
         SELECT $1, u.id, u.name, u.domain FROM unnest($2::uuid[], $3::text[], $4::text[]) AS u(id, name, domain)
         ON CONFLICT DO NOTHING RETURNING id, name, domain`,
        [workspaceId, missing.map(() => newId()), missing.map(([, name]) => name), missing.map(([domain]) => domain)],
      )
    : [];
  for (const row of created) idOf.set(row.domain, row.id);
  // A concurrent batch created the same domain first.
  const raced = missing.map(([domain]) => domain).filter((domain) => !idOf.has(domain));
  if (raced.length > 0) for (const [domain, id] of await select(raced)) idOf.set(domain, id);
  await writeAuditBatch(
    q,
    workspaceId,
    actor,
    created.map((row) => ({
      action: 'company.create',
      objectType: 'company',
      objectId: row.id,
      changes: { name: { before: null, after: row.name }, domain: { before: null, after: row.domain } },
      reason: 'created from a contact email domain',
    })),
  );
  return new Map([...domainOf].flatMap(([email, domain]) => (idOf.has(domain) ? [[email, idOf.get(domain)!]] : [])));
};

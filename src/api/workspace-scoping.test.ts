// Every statement the API sends about a workspace's data names its workspace: the rule that keeps tenants apart
// today and keeps each request on one shard of a database distributed by workspace_id tomorrow.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase, recording } from '../../test/databases.ts';
import type { Database } from '../store/database.ts';
import { createApiKey } from '../store/workspaces.ts';
import { createApp } from './app.ts';

/** Tables with no workspace_id. */
const GLOBAL_TABLES = new Set(['workspaces', 'schema_migrations']);
/**
 * Lookups that find the workspace itself, by a globally unique value a caller presents: an API key's hash, a
 * public form's id, an inbound integration's id. On a distributed database each needs a lookup table (see
 * docs/scaling.md). A new entry here needs the same justification.
 */
const GLOBAL_STATEMENTS = [
  /^SELECT [\w, ]+ FROM api_keys WHERE key_hash = \$1 AND revoked_at IS NULL$/,
  /^SELECT \* FROM forms WHERE id = \$1 AND status = 'published'$/,
  /^SELECT \* FROM integrations WHERE id = \$1 AND disabled_at IS NULL$/,
];

const KEYWORDS = new Set(['where', 'set', 'join', 'left', 'right', 'inner', 'outer', 'cross', 'on', 'order', 'group', 'limit', 'returning', 'using', 'values', 'select', 'for', 'as', 'natural', 'full', 'union', 'having', 'offset']);

type TableUse = { table: string; alias: string };

/** The tables a statement reads or writes, each with the name it goes by in the statement. */
export const tablesOf = (sql: string): TableUse[] => {
  const uses: TableUse[] = [];
  const pattern = /\b(from|join|into|update)\s+([a-z_][a-z0-9_]*)(\s*\()?(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?/gi;
  for (const match of sql.matchAll(pattern)) {
    // `FROM unnest(…)` is a function; `INTO contacts (…)` is a table and its columns.
    if (match[3] && match[1]!.toLowerCase() !== 'into') continue;
    const table = match[2]!.toLowerCase();
    const alias = match[3] ? undefined : match[4]?.toLowerCase();
    uses.push({ table, alias: alias && !KEYWORDS.has(alias) ? alias : table });
  }
  return uses;
};

/** Why the statement is not scoped to one workspace, or null when every workspace table in it is. */
export const scopingProblem = (sql: string, workspaceTables: ReadonlySet<string>): string | null => {
  const text = sql.replace(/\s+/g, ' ').trim();
  if (GLOBAL_STATEMENTS.some((pattern) => pattern.test(text))) return null;
  for (const { table, alias } of tablesOf(text)) {
    if (GLOBAL_TABLES.has(table) || !workspaceTables.has(table)) continue;
    if (new RegExp(`\\binto ${table}\\b`, 'i').test(text)) {
      // An insert scopes its rows by writing the workspace_id column.
      if (!new RegExp(`\\binto ${table}\\s*\\([^)]*\\bworkspace_id\\b`, 'i').test(text)) return `INSERT INTO ${table} does not write workspace_id`;
      continue;
    }
    const qualified = new RegExp(`\\b${alias}\\.workspace_id\\s*(=|in\\b)|=\\s*${alias}\\.workspace_id\\b`, 'i');
    const bare = /(^|[^.\w])workspace_id\s*(=|in\b)/i;
    const scoped = qualified.test(text) || (alias === table && bare.test(text)) || (!/\w\.workspace_id/i.test(text) && bare.test(text));
    if (!scoped) return `${table}${alias === table ? '' : ` (${alias})`} is not constrained by workspace_id`;
  }
  return null;
};

describe('scopingProblem', () => {
  const tables = new Set(['contacts', 'deals', 'deal_contacts']);
  it('accepts statements that constrain every workspace table they name', () => {
    expect(scopingProblem('SELECT * FROM contacts WHERE workspace_id = $1 AND id = $2', tables)).toBeNull();
    expect(scopingProblem('SELECT d.* FROM deals d JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id WHERE d.workspace_id = $1', tables)).toBeNull();
    expect(scopingProblem('INSERT INTO contacts (workspace_id, id) VALUES ($1, $2)', tables)).toBeNull();
    expect(scopingProblem('SELECT id FROM contacts WHERE workspace_id = ANY($1)', tables)).toBeNull();
  });
  it('flags a statement that reads, changes or writes a workspace table without its workspace', () => {
    expect(scopingProblem('SELECT * FROM contacts WHERE id = $1', tables)).toMatch(/contacts/);
    expect(scopingProblem('UPDATE contacts SET email = $2 WHERE id = $1', tables)).toMatch(/contacts/);
    expect(scopingProblem('DELETE FROM deals WHERE id = $1', tables)).toMatch(/deals/);
    expect(scopingProblem('INSERT INTO contacts (id, email) VALUES ($1, $2)', tables)).toMatch(/workspace_id/);
    // Scoping one side of a join does not scope the other.
    expect(scopingProblem('SELECT * FROM deals d JOIN deal_contacts dc ON dc.deal_id = d.id WHERE d.workspace_id = $1', tables)).toMatch(/deal_contacts/);
  });
});

describe.each(backends)('every statement the API issues is scoped to a workspace (%s)', (kind) => {
  let db: Database;
  let workspaceTables: Set<string>;
  const statements: string[] = [];
  let call: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;
  let routes: { method: string; path: string }[];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const rows = await db.query<{ table_name: string }>(
      "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'workspace_id'",
    );
    workspaceTables = new Set(rows.map((r) => r.table_name));
    const workspaceId = await createTestWorkspace(db, 'Scoping');
    const { key } = await createApiKey(db, workspaceId, { role: 'admin' });
    const app = createApp(recording(db, statements));
    routes = app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: r.path }));
    call = async (method, path, body) => {
      const res = await app.request(path, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        // Pages and scripts are not JSON; only their status matters here.
      }
      return { status: res.status, body: parsed };
    };
  });
  afterAll(async () => {
    await db.close();
  });

  it('records, lists, filters, associations, properties and audit', async () => {
    const v1 = '/api/v1';
    const contact = await call('POST', `${v1}/contacts`, { email: 'ada@analytical.example', firstName: 'Ada', lastName: 'Lovelace', country: 'GB' });
    expect(contact.status).toBe(201);
    const contactId = contact.body.id as string;
    const company = await call('POST', `${v1}/companies`, { name: 'Engines Ltd', domain: 'engines.example' });
    expect(company.status).toBe(201);
    const companyId = company.body.id as string;
    const deal = await call('POST', `${v1}/deals`, { name: 'Difference engine', amount: 120000, stage: 'proposal', companyId });
    expect(deal.status).toBe(201);
    const dealId = deal.body.id as string;
    const filter = encodeURIComponent(JSON.stringify({ all: [{ property: 'country', op: 'in', value: ['GB', 'US'] }, { event: 'page_view', within: { amount: 7, unit: 'days' } }] }));
    const requests: [string, string, unknown?][] = [
      ['GET', `/contacts/${contactId}`],
      ['PATCH', `/contacts/${contactId}`, { jobTitle: 'Analyst' }],
      ['GET', `/contacts?limit=1&sort=lastName&order=desc&lifecycleStage=lead`],
      ['GET', `/contacts?filter=${filter}`],
      ['GET', `/companies?industry=software&country=GB`],
      ['GET', `/companies/${companyId}`],
      ['PATCH', `/companies/${companyId}`, { industry: 'software' }],
      ['GET', `/deals?status=open&sort=amount`],
      ['PATCH', `/deals/${dealId}`, { amount: 150000 }],
      ['PUT', `/deals/${dealId}/contacts/${contactId}`],
      ['GET', `/deals/${dealId}/contacts`],
      ['GET', `/contacts/${contactId}/deals`],
      ['GET', `/companies/${companyId}/contacts`],
      ['GET', `/companies/${companyId}/deals`],
      ['DELETE', `/deals/${dealId}/contacts/${contactId}`],
      ['POST', `/properties/contact`, { name: 'nickname', type: 'string', label: 'Nickname' }],
      ['GET', `/properties/contact`],
      ['DELETE', `/properties/contact/nickname`],
      ['GET', `/audit?objectType=contact&limit=10`],
    ];
    for (const [method, path, body] of requests) {
      const res = await call(method, `${v1}${path}`, body);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    }
    for (const type of ['deals', 'companies', 'contacts']) {
      const id = type === 'deals' ? dealId : type === 'companies' ? companyId : contactId;
      expect((await call('DELETE', `${v1}/${type}/${id}`)).status).toBe(204);
    }
    // Every route the app registers, at least once, with the ids made above in its path parameters.
    const ids: Record<string, string> = { id: contactId, contactId, companyId, dealId, objectType: 'contact', name: 'nickname' };
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => ids[name] ?? '00000000-0000-7000-8000-000000000000');
      await call(route.method, path, ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined);
    }

    const touching = statements.filter((sql) => tablesOf(sql).some((t) => workspaceTables.has(t.table)));
    expect(touching.length).toBeGreaterThan(30);
    const problems = statements.map((sql) => ({ sql, problem: scopingProblem(sql, workspaceTables) })).filter((p) => p.problem !== null);
    expect(problems).toEqual([]);
  });
});

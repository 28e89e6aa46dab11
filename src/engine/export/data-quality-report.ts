// Where the data is not good enough to work with, per owner: contacts missing a field their stage
// requires (from the workspace's lifecycle configuration), missing country, phones not in E.164,
// and invalid or disposable email addresses.

import { CONTACT_FIELDS } from '../../domain/contact.ts';
import { normalizeEmail } from '../../domain/normalize/email.ts';
import { RECORD_TABLES } from '../../store/record-tables.ts';
import type { RequestContext } from '../context.ts';
import { currentConfig } from '../workspace-config.ts';

type OwnerCount = { ownerId: string | null; contacts: number };

export type DataQualityReport = {
  configVersion: number;
  missingRequired: (OwnerCount & { stage: string; field: string })[];
  missingCountry: OwnerCount[];
  phoneNotE164: OwnerCount[];
  invalidEmail: OwnerCount[];
  disposableEmail: OwnerCount[];
};

const E164 = '^\\+[1-9][0-9]{6,14}$';
const PAGE = 10_000;

/** SQL true when the contact (alias c, its company co) lacks the field; names resolve as in required-fields.ts. */
const missingSql = (field: string): string => {
  const blank = (expr: string) => `(${expr} IS NULL OR ${expr}::text = '')`;
  if (Object.hasOwn(CONTACT_FIELDS, field) && RECORD_TABLES.contact.columns[field]) return blank(`c.${RECORD_TABLES.contact.columns[field]!.column}`);
  if (field.startsWith('company.')) {
    const name = field.slice('company.'.length);
    const column = RECORD_TABLES.company.columns[name];
    return column && name !== 'properties' ? blank(`co.${column.column}`) : blank(`(co.properties ->> '${name.replace(/'/g, "''")}')`);
  }
  return blank(`(c.properties ->> '${field.replace(/'/g, "''")}')`);
};

const byOwner = async (ctx: RequestContext, condition: string): Promise<OwnerCount[]> =>
  (
    await ctx.db.query<{ owner_id: string | null; contacts: number }>(
      `SELECT c.owner_id, count(*)::int AS contacts FROM contacts c WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND ${condition} GROUP BY c.owner_id ORDER BY c.owner_id NULLS FIRST`,
      [ctx.workspaceId],
    )
  ).map((r) => ({ ownerId: r.owner_id, contacts: r.contacts }));

/** Email validity needs the normalizer (syntax, disposable domains), so emails are read page by page. */
const emailProblems = async (ctx: RequestContext): Promise<{ invalid: OwnerCount[]; disposable: OwnerCount[] }> => {
  const invalid = new Map<string | null, number>();
  const disposable = new Map<string | null, number>();
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const page = await ctx.db.query<{ id: string; email: string; owner_id: string | null }>(
      'SELECT id, email, owner_id FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL AND email IS NOT NULL AND id > $2 ORDER BY id LIMIT $3',
      [ctx.workspaceId, after, PAGE],
    );
    for (const r of page) {
      const email = normalizeEmail(r.email);
      const tally = !email.valid ? invalid : email.disposable ? disposable : null;
      tally?.set(r.owner_id, (tally.get(r.owner_id) ?? 0) + 1);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  const list = (m: Map<string | null, number>) => [...m].map(([ownerId, contacts]) => ({ ownerId, contacts }));
  return { invalid: list(invalid), disposable: list(disposable) };
};

export const dataQualityReport = async (ctx: RequestContext): Promise<DataQualityReport> => {
  const { version, config } = await currentConfig(ctx.db, ctx.workspaceId);
  const missingRequired: DataQualityReport['missingRequired'] = [];
  for (const stage of config.stages) {
    // The stage is looked up by the expression of contacts_stage_created, the one index on the stage.
    for (const field of [...new Set(stage.requiredFields)]) {
      const rows = await ctx.db.query<{ owner_id: string | null; contacts: number }>(
        `SELECT c.owner_id, count(*)::int AS contacts FROM contacts c LEFT JOIN companies co ON co.workspace_id = c.workspace_id AND co.id = c.company_id
         WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND lower(c.lifecycle_stage COLLATE "C") = lower($2::text COLLATE "C")
           AND c.lifecycle_stage = $2 AND ${missingSql(field)}
         GROUP BY c.owner_id ORDER BY c.owner_id NULLS FIRST`,
        [ctx.workspaceId, stage.id],
      );
      for (const r of rows) missingRequired.push({ ownerId: r.owner_id, stage: stage.id, field, contacts: r.contacts });
    }
  }
  const emails = await emailProblems(ctx);
  return {
    configVersion: version,
    missingRequired,
    missingCountry: await byOwner(ctx, "(c.country IS NULL OR c.country = '')"),
    phoneNotE164: await byOwner(ctx, `c.phone IS NOT NULL AND c.phone !~ '${E164}'`),
    invalidEmail: emails.invalid,
    disposableEmail: emails.disposable,
  };
};

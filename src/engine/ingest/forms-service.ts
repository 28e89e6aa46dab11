import { findStage } from '../../domain/lifecycle/path.ts';
import { changedFields, writeAudit } from '../../store/audit.ts';
import type { Queryable, Row } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { AppError, invalid, notFound } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { rethrowUniqueViolation } from '../unique-violation.ts';
import { currentConfig } from '../workspace-config.ts';
import { instantText } from '../../store/instant-text.ts';

export const FORM_FIELD_TYPES = ['text', 'email', 'tel', 'textarea', 'select', 'checkbox', 'number', 'url', 'hidden'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];
export const FORM_STATUSES = ['draft', 'published', 'archived'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

export type FormField = { name: string; label: string; type: FormFieldType; required: boolean; options?: string[] };
export type FormConsent = { label: string; required: boolean };

export type Form = {
  id: string;
  key: string;
  name: string;
  status: FormStatus;
  fields: FormField[];
  targetStage: string | null;
  campaignId: string | null;
  landingPageId: string | null;
  consent: FormConsent | null;
  redirectUrl: string | null;
  thankYouMessage: string | null;
  createdAt: string;
  updatedAt: string;
};

export type FormInput = Partial<Omit<Form, 'id' | 'createdAt' | 'updatedAt'>> & { confirmWithoutAttribution?: boolean };

export const rowToForm = (row: Row): Form => ({
  id: row.id as string,
  key: row.key as string,
  name: row.name as string,
  status: row.status as FormStatus,
  fields: row.fields as FormField[],
  targetStage: (row.target_stage as string | null) ?? null,
  campaignId: (row.campaign_id as string | null) ?? null,
  landingPageId: (row.landing_page_id as string | null) ?? null,
  consent: (row.consent as FormConsent | null) ?? null,
  redirectUrl: (row.redirect_url as string | null) ?? null,
  thankYouMessage: (row.thank_you_message as string | null) ?? null,
  createdAt: instantText(row.created_at),
  updatedAt: instantText(row.updated_at),
});

const COLUMNS = {
  key: 'key',
  name: 'name',
  status: 'status',
  fields: 'fields',
  targetStage: 'target_stage',
  campaignId: 'campaign_id',
  landingPageId: 'landing_page_id',
  consent: 'consent',
  redirectUrl: 'redirect_url',
  thankYouMessage: 'thank_you_message',
} as const satisfies Record<keyof Omit<Form, 'id' | 'createdAt' | 'updatedAt'>, string>;

type Column = keyof typeof COLUMNS;

const exists = async (q: Queryable, table: 'campaigns' | 'landing_pages', workspaceId: string, id: string) =>
  (await q.query(`SELECT 1 FROM ${table} WHERE workspace_id = $1 AND id = $2`, [workspaceId, id])).length > 0;

/** Checks what the schema cannot: the email field, the stage and the links exist, attribution on publish. */
const check = async (ctx: RequestContext, q: Queryable, form: Omit<Form, 'id' | 'createdAt' | 'updatedAt'>, confirmed: boolean) => {
  const email = form.fields.find((field) => field.name === 'email');
  if (!email || email.type !== 'email' || !email.required) {
    throw invalid('a form needs a required field named "email" of type email: it is how a submission names its contact', [
      { field: 'fields', message: 'no required email field' },
    ]);
  }
  const names = form.fields.map((field) => field.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw invalid(`two fields are named "${repeated}"`, [{ field: 'fields', message: `duplicate field ${repeated}` }]);
  if (form.targetStage !== null && !findStage((await currentConfig(q, ctx.workspaceId)).config, form.targetStage)) {
    throw invalid(`targetStage "${form.targetStage}" is not a stage of the lifecycle configuration`, [{ field: 'targetStage', message: 'unknown stage' }]);
  }
  if (form.campaignId !== null && !(await exists(q, 'campaigns', ctx.workspaceId, form.campaignId))) {
    throw invalid('campaignId names no campaign', [{ field: 'campaignId', message: `no campaign ${form.campaignId}` }]);
  }
  if (form.landingPageId !== null && !(await exists(q, 'landing_pages', ctx.workspaceId, form.landingPageId))) {
    throw invalid('landingPageId names no landing page', [{ field: 'landingPageId', message: `no landing page ${form.landingPageId}` }]);
  }
  const missing = [...(form.campaignId === null ? ['campaignId'] : []), ...(form.landingPageId === null ? ['landingPageId'] : [])];
  if (form.status === 'published' && missing.length > 0 && !confirmed) {
    throw new AppError(
      'conflict',
      `publishing a form without ${missing.join(' and ')} leaves its submissions without campaign attribution; link them, or send "confirmWithoutAttribution": true`,
      missing.map((field) => ({ field, message: 'not linked' })),
      { code: 'attribution_missing', missing },
    );
  }
};

const values = (form: Partial<Record<Column, unknown>>): [string, unknown][] =>
  (Object.keys(COLUMNS) as Column[])
    .filter((field) => form[field] !== undefined)
    .map((field) => [COLUMNS[field], field === 'fields' || field === 'consent' ? JSON.stringify(form[field]) : form[field]]);

const DEFAULTS = {
  status: 'draft',
  targetStage: null,
  campaignId: null,
  landingPageId: null,
  consent: null,
  redirectUrl: null,
  thankYouMessage: null,
} as const;

export const createForm = (ctx: RequestContext, input: FormInput & Pick<Form, 'key' | 'name' | 'fields'>): Promise<Form> =>
  ctx.db
    .transaction(async (tx) => {
      const { confirmWithoutAttribution = false, ...fields } = input;
      const form = { ...DEFAULTS, ...fields };
      await check(ctx, tx, form, confirmWithoutAttribution);
      const cols = values(form);
      const [row] = await tx.query(
        `INSERT INTO forms (workspace_id, id, ${cols.map(([c]) => c).join(', ')}) VALUES ($1, $2, ${cols.map((_, i) => `$${i + 3}`).join(', ')}) RETURNING *`,
        [ctx.workspaceId, newId(), ...cols.map(([, v]) => v)],
      );
      const created = rowToForm(row!);
      await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: 'form.create', objectType: 'form', objectId: created.id, changes: changedFields(null, created) });
      return created;
    })
    .catch(rethrowUniqueViolation);

const loadForm = async (q: Queryable, workspaceId: string, id: string, forUpdate = false): Promise<Form> => {
  const [row] = await q.query(`SELECT * FROM forms WHERE workspace_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  if (!row) throw notFound(`form ${id}`);
  return rowToForm(row);
};

export const getForm = (ctx: RequestContext, id: string): Promise<Form> => loadForm(ctx.db, ctx.workspaceId, id);

export const listForms = async (ctx: RequestContext): Promise<Form[]> =>
  (await ctx.db.query('SELECT * FROM forms WHERE workspace_id = $1 ORDER BY created_at, id LIMIT 1000', [ctx.workspaceId])).map(rowToForm);

export const updateForm = (ctx: RequestContext, id: string, input: FormInput): Promise<Form> =>
  ctx.db
    .transaction(async (tx) => {
      const before = await loadForm(tx, ctx.workspaceId, id, true);
      const { confirmWithoutAttribution = false, ...fields } = input;
      const after = { ...before, ...fields };
      await check(ctx, tx, after, confirmWithoutAttribution);
      const changes = changedFields(before, after);
      if (Object.keys(changes).length === 0) return before;
      const cols = values(fields);
      const [row] = await tx.query(
        `UPDATE forms SET ${cols.map(([c], i) => `${c} = $${i + 3}`).join(', ')}, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING *`,
        [ctx.workspaceId, id, ...cols.map(([, v]) => v)],
      );
      await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: 'form.update', objectType: 'form', objectId: id, changes });
      return rowToForm(row!);
    })
    .catch(rethrowUniqueViolation);

/** Submissions keep the form's key as their formId, so a form is archived rather than deleted once used. */
export const deleteForm = (ctx: RequestContext, id: string): Promise<void> =>
  ctx.db.transaction(async (tx) => {
    const before = await loadForm(tx, ctx.workspaceId, id, true);
    await tx.query('DELETE FROM forms WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, id]);
    await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: 'form.delete', objectType: 'form', objectId: id, changes: changedFields(before, null) });
  });

/** A published form by its public id, with its workspace: what the keyless /f/{formId} routes serve. */
export const findPublishedForm = async (q: Queryable, id: string): Promise<{ workspaceId: string; form: Form } | null> => {
  const [row] = await q.query("SELECT * FROM forms WHERE id = $1 AND status = 'published'", [id]);
  return row ? { workspaceId: row.workspace_id as string, form: rowToForm(row) } : null;
};

import { normalizeEmail } from '../../domain/normalize/email.ts';
import type { Database } from '../../store/database.ts';
import { AppError, type FieldProblem, invalid } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { changeLifecycle } from '../lifecycle-service.ts';
import { EVENT_CONTACT_FIELDS } from './event-item.ts';
import type { Form, FormField } from './forms-service.ts';
import { ingestEvents } from './ingest-events.ts';

/** Where a submission came from, read by the public route from cookies, hidden fields and headers. */
export type SubmissionContext = {
  visitorId: string | null;
  /** The page the form sat on: its tags and click ids are the touch's source. */
  url: string | null;
  referrer: string | null;
  /** A per-submission id the embed script sends, so a retried post is one event. */
  submissionId: string | null;
};

const CONTACT_FIELD_NAMES: ReadonlySet<string> = new Set(['email', 'company', ...EVENT_CONTACT_FIELDS]);
const TRUTHY = new Set(['on', 'true', '1', 'yes']);

const single = (value: unknown): string | null => {
  if (Array.isArray(value)) return single(value[0]);
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

const fieldProblem = (field: FormField, value: string): string | null => {
  if (value.length > 5000) return 'is too long';
  if (field.type === 'email' && !normalizeEmail(value).valid) return 'is not a valid email address';
  if (field.type === 'number' && !Number.isFinite(Number(value))) return 'is not a number';
  if (field.type === 'url' && !URL.canParse(value)) return 'is not a URL';
  if (field.type === 'select' && field.options && !field.options.includes(value)) return `is not one of ${field.options.join(', ')}`;
  return null;
};

/** The declared fields of a submission, checked: required ones present, each of its type. Others are dropped. */
export const readSubmissionFields = (form: Form, raw: Record<string, unknown>): Record<string, string | boolean> => {
  const problems: FieldProblem[] = [];
  const values: Record<string, string | boolean> = {};
  for (const field of form.fields) {
    const value = single(raw[field.name]);
    if (field.type === 'checkbox') {
      const checked = value !== null && TRUTHY.has(value.toLowerCase());
      if (field.required && !checked) problems.push({ field: field.name, message: 'must be checked' });
      values[field.name] = checked;
      continue;
    }
    if (value === null) {
      if (field.required) problems.push({ field: field.name, message: 'is required' });
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem) problems.push({ field: field.name, message: problem });
    else values[field.name] = value;
  }
  if (form.consent?.required && !TRUTHY.has((single(raw.consent) ?? '').toLowerCase())) {
    problems.push({ field: 'consent', message: 'consent is required to submit this form' });
  }
  if (problems.length > 0) throw invalid(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
  return values;
};

/** A submission moves the contact forward to the form's target stage, by the rules of a manual forward move. */
const moveToTargetStage = async (ctx: RequestContext, form: Form, contactId: string): Promise<void> => {
  if (form.targetStage === null) return;
  await changeLifecycle(ctx, contactId, { stage: form.targetStage, reason: `form ${form.key} submitted` }).catch((error: unknown) => {
    // Already there or further, or missing a field the stage requires: the contact stays where it is.
    if (!(error instanceof AppError)) throw error;
  });
};

/**
 * Turns a public form submission into a `form_submitted` event carrying the form's key as `formId`,
 * ingested through the same pipeline as the events API: the visitor's earlier anonymous touches join
 * the contact.
 */
export const submitForm = async (
  db: Database,
  workspaceId: string,
  form: Form,
  raw: Record<string, unknown>,
  origin: SubmissionContext,
): Promise<{ contactId: string; eventId: string | null }> => {
  const values = readSubmissionFields(form, raw);
  const contact: Record<string, unknown> = { email: values.email, ...(origin.visitorId ? { anonymousId: origin.visitorId } : {}) };
  const answers: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(values)) {
    if (CONTACT_FIELD_NAMES.has(name) && typeof value === 'string') contact[name] = value;
    else answers[name] = value;
  }
  const ctx: RequestContext = { db, workspaceId, actor: { type: 'system', id: null, role: 'member' } };
  const event = {
    ...(origin.submissionId ? { id: `form:${form.id}:${origin.submissionId}` } : {}),
    type: 'form_submitted',
    contact,
    properties: {
      formId: form.key,
      formName: form.name,
      ...(origin.url ? { url: origin.url } : {}),
      ...(origin.referrer ? { referrer: origin.referrer } : {}),
      ...(form.targetStage ? { targetStage: form.targetStage } : {}),
      ...(form.campaignId ? { campaignId: form.campaignId } : {}),
      ...(form.landingPageId ? { landingPageId: form.landingPageId } : {}),
      ...(form.consent ? { consent: TRUTHY.has((single(raw.consent) ?? '').toLowerCase()) } : {}),
      fields: answers,
    },
  };
  const { results } = await ingestEvents(ctx, [event]);
  const result = results[0]!;
  if (result.status === 'rejected') throw invalid(result.reason ?? 'the submission was refused');
  await moveToTargetStage(ctx, form, result.contactId!);
  return { contactId: result.contactId!, eventId: result.eventId ?? null };
};

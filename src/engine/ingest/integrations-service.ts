import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { changedFields, writeAudit } from '../../store/audit.ts';
import type { Database, Row } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { AppError, invalid } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { ingestEvents, type IngestResult } from './ingest-events.ts';

// Inbound integrations: an ad platform's lead form or a chat tool posts its own JSON to a public URL;
// a field mapping turns it into an event that goes through the same pipeline as the events API.

/**
 * Where each part of the event is read from in the payload. A path is dotted keys with array steps:
 * `visitor.email`, `items[0].id`, or `field_data[name=email].values[0]` (the element whose `name` is
 * `email`). `constants` are fixed event properties (utm_source=facebook for a lead ad).
 */
export type FieldMapping = {
  id?: string;
  occurredAt?: string;
  contact: Record<string, string>;
  properties?: Record<string, string>;
  constants?: Record<string, string>;
};

export const INTEGRATION_PRESETS = {
  facebook_lead_ad: {
    eventType: 'ad_lead',
    mapping: {
      id: 'leadgen_id',
      occurredAt: 'created_time',
      contact: {
        email: 'field_data[name=email].values[0]',
        firstName: 'field_data[name=first_name].values[0]',
        lastName: 'field_data[name=last_name].values[0]',
        phone: 'field_data[name=phone_number].values[0]',
        jobTitle: 'field_data[name=job_title].values[0]',
        company: 'field_data[name=company_name].values[0]',
      },
      properties: { formId: 'form_id', adId: 'ad_id', utm_campaign: 'campaign_name' },
      constants: { utm_source: 'facebook', utm_medium: 'paid_social' },
    },
  },
  chat_transcript: {
    eventType: 'chat_started',
    mapping: {
      id: 'conversation_id',
      occurredAt: 'started_at',
      contact: { email: 'visitor.email', anonymousId: 'visitor.id', firstName: 'visitor.first_name', lastName: 'visitor.last_name' },
      properties: { url: 'page_url', referrer: 'referrer', transcript: 'messages' },
    },
  },
} as const satisfies Record<string, { eventType: string; mapping: FieldMapping }>;

export type IntegrationPreset = keyof typeof INTEGRATION_PRESETS;

export type Integration = { id: string; name: string; preset: string | null; eventType: string; mapping: FieldMapping; createdAt: string; disabledAt: string | null };

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const toIntegration = (row: Row): Integration => ({
  id: row.id as string,
  name: row.name as string,
  preset: (row.preset as string | null) ?? null,
  eventType: row.event_type as string,
  mapping: row.mapping as FieldMapping,
  createdAt: new Date(row.created_at as string).toISOString(),
  disabledAt: row.disabled_at ? new Date(row.disabled_at as string).toISOString() : null,
});

const STEP = /^([^[\]]+)((?:\[[^\]]+\])*)$/;

/** Reads one mapping path from a payload; undefined when any step is missing. */
export const readPath = (payload: unknown, path: string): unknown => {
  let current: unknown = payload;
  for (const step of path.split('.')) {
    const match = STEP.exec(step);
    if (!match) return undefined;
    current = (current as Record<string, unknown> | undefined)?.[match[1]!];
    for (const [, index] of match[2]!.matchAll(/\[([^\]]+)\]/g)) {
      if (!Array.isArray(current)) return undefined;
      const [key, value] = index!.split('=');
      current = value === undefined ? current[Number(key)] : current.find((item) => String((item as Record<string, unknown>)?.[key!]) === value);
    }
  }
  return current;
};

const timeOf = (value: unknown): string | undefined => {
  if (typeof value === 'number') return new Date(value < 1e12 ? value * 1000 : value).toISOString();
  if (typeof value !== 'string') return undefined;
  // Facebook writes offsets without a colon: 2025-03-01T10:00:00+0000.
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? value : new Date(time).toISOString();
};

/** The event an integration makes of one payload; values the payload lacks are left out. */
export const mapPayload = (integration: Pick<Integration, 'id' | 'eventType' | 'mapping'>, payload: unknown): Record<string, unknown> => {
  const { mapping } = integration;
  const pick = (paths: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries(paths).flatMap(([name, path]) => {
      const value = readPath(payload, path);
      return value === undefined || value === null ? [] : [[name, typeof value === 'number' ? String(value) : value]];
    }));
  const id = mapping.id ? readPath(payload, mapping.id) : undefined;
  return {
    ...(id !== undefined && id !== null ? { id: `${integration.id}:${String(id)}` } : {}),
    type: integration.eventType,
    ...(mapping.occurredAt ? { occurredAt: timeOf(readPath(payload, mapping.occurredAt)) } : {}),
    contact: pick(mapping.contact),
    properties: { ...mapping.constants, ...pick(mapping.properties), integrationId: integration.id },
  };
};

export const createIntegration = (
  ctx: RequestContext,
  input: { name: string; preset?: IntegrationPreset; eventType?: string; mapping?: FieldMapping },
): Promise<{ integration: Integration; token: string }> =>
  ctx.db.transaction(async (tx) => {
    const preset = input.preset ? INTEGRATION_PRESETS[input.preset] : null;
    const eventType = input.eventType ?? preset?.eventType;
    const mapping = input.mapping ?? preset?.mapping;
    if (!eventType || !mapping) {
      throw invalid('an integration needs a preset, or an eventType and a mapping', [{ field: input.preset ? 'mapping' : 'preset', message: 'missing' }]);
    }
    const token = `lch_${randomBytes(24).toString('base64url')}`;
    const [row] = await tx.query(
      'INSERT INTO integrations (workspace_id, id, name, preset, event_type, mapping, token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [ctx.workspaceId, newId(), input.name, input.preset ?? null, eventType, JSON.stringify(mapping), hashToken(token)],
    );
    const integration = toIntegration(row!);
    await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: 'integration.create', objectType: 'integration', objectId: integration.id, changes: changedFields(null, integration) });
    return { integration, token };
  });

export const listIntegrations = async (ctx: RequestContext): Promise<Integration[]> =>
  (await ctx.db.query('SELECT * FROM integrations WHERE workspace_id = $1 ORDER BY created_at, id', [ctx.workspaceId])).map(toIntegration);

/**
 * Ingests a payload posted to an integration's public URL. The token is compared by hash in constant
 * time; a payload that is an array carries several leads.
 */
export const receiveHook = async (db: Database, integrationId: string, token: string, payload: unknown): Promise<IngestResult> => {
  const [row] = await db.query('SELECT * FROM integrations WHERE id = $1 AND disabled_at IS NULL', [integrationId]);
  const given = Buffer.from(hashToken(token));
  if (!row || !timingSafeEqual(given, Buffer.from(row.token_hash as string))) {
    throw new AppError('unauthorized', 'unknown integration or wrong token');
  }
  const integration = toIntegration(row);
  const items = (Array.isArray(payload) ? payload : [payload]).map((item) => mapPayload(integration, item));
  return ingestEvents({ db, workspaceId: row.workspace_id as string, actor: { type: 'system', id: null, role: 'member' } }, items);
};

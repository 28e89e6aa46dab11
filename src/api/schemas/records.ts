import { z } from '@hono/zod-openapi';
import type { ObjectType } from '../../store/record-tables.ts';

// Request and response shapes of the CRM records. Inputs are strict: an unknown field is refused by name.

const text = (max = 255) => z.string().trim().max(max).nullable();
const id = z.uuid();
const properties = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'property names are letters, digits and _'), z.unknown());
const timestamp = z.string().openapi({ format: 'date-time' });

const sourceTouch = z
  .object({
    channel: z.string(),
    campaign: z.string().nullable(),
    source: z.string().nullable(),
    medium: z.string().nullable(),
    term: z.string().nullable(),
    referrerDomain: z.string().nullable(),
    at: z.string(),
  })
  .openapi('SourceTouch');

const contactFields = {
  email: z.string().max(320).nullable(),
  firstName: text(),
  lastName: text(),
  phone: text(64),
  jobTitle: text(),
  country: text(64),
  city: text(),
  companyId: id.nullable(),
  ownerId: id.nullable(),
  leadStatus: text(64),
  properties,
};

const companyFields = {
  name: z.string().trim().min(1).max(255),
  domain: text(),
  industry: text(),
  employees: z.number().int().min(0).nullable(),
  annualRevenue: z.number().int().min(0).nullable().openapi({ description: 'integer minor units' }),
  country: text(64),
  city: text(),
  ownerId: id.nullable(),
  properties,
};

const dealFields = {
  name: z.string().trim().min(1).max(255),
  amount: z.number().int().min(0).openapi({ description: 'integer minor units of `currency`' }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
  pipeline: z.string().trim().min(1).max(64),
  stage: z.string().trim().min(1).max(64),
  status: z.enum(['open', 'won', 'lost']),
  closeDate: z.iso.date().nullable(),
  companyId: id.nullable(),
  ownerId: id.nullable(),
  properties,
};

const meta = { id, createdAt: timestamp, updatedAt: timestamp, properties: z.record(z.string(), z.unknown()) };

export const contactSchema = z
  .object({
    ...meta,
    ...contactFields,
    lifecycleStage: z.string().nullable(),
    customerStatus: z.string().nullable(),
    stageEnteredAt: timestamp.nullable(),
    fitScore: z.number(),
    engagementScore: z.number(),
    originalSource: sourceTouch.nullable(),
    latestSource: sourceTouch.nullable(),
    properties: z.record(z.string(), z.unknown()),
  })
  .openapi('Contact');

export const companySchema = z
  .object({ ...meta, ...companyFields, lifecycleStage: z.string().nullable(), customerStatus: z.string().nullable(), properties: meta.properties })
  .openapi('Company');

export const dealSchema = z.object({ ...meta, ...dealFields, closedAt: timestamp.nullable(), properties: meta.properties }).openapi('Deal');

export type RecordSchemas = {
  name: string;
  plural: string;
  path: string;
  record: z.ZodType;
  create: z.ZodType;
  update: z.ZodType;
  /** Fields a list may sort by. */
  sortable: [string, ...string[]];
  /** Fields a list may filter by equality as query parameters. */
  equality: string[];
};

export const RECORD_SCHEMAS: Record<ObjectType, RecordSchemas> = {
  contact: {
    name: 'Contact',
    plural: 'contacts',
    path: '/contacts',
    record: contactSchema,
    create: z.strictObject(contactFields).partial().openapi('ContactCreate'),
    update: z.strictObject(contactFields).partial().openapi('ContactUpdate'),
    sortable: ['createdAt', 'updatedAt', 'email', 'lastName', 'fitScore', 'engagementScore', 'stageEnteredAt'],
    equality: ['email', 'companyId', 'ownerId', 'lifecycleStage', 'leadStatus'],
  },
  company: {
    name: 'Company',
    plural: 'companies',
    path: '/companies',
    record: companySchema,
    create: z
      .strictObject(companyFields)
      .partial()
      .required({ name: true })
      .openapi('CompanyCreate'),
    update: z.strictObject(companyFields).partial().openapi('CompanyUpdate'),
    sortable: ['createdAt', 'updatedAt', 'name', 'employees'],
    equality: ['domain', 'ownerId', 'lifecycleStage', 'industry', 'country'],
  },
  deal: {
    name: 'Deal',
    plural: 'deals',
    path: '/deals',
    record: dealSchema,
    create: z
      .strictObject({ ...dealFields, contactIds: z.array(id).max(100) })
      .partial()
      .required({ name: true, stage: true })
      .openapi('DealCreate'),
    update: z.strictObject(dealFields).partial().openapi('DealUpdate'),
    sortable: ['createdAt', 'updatedAt', 'name', 'amount', 'closeDate'],
    equality: ['stage', 'status', 'pipeline', 'companyId', 'ownerId'],
  },
};

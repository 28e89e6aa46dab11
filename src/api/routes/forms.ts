import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import * as campaigns from '../../engine/ingest/campaigns-service.ts';
import * as forms from '../../engine/ingest/forms-service.ts';
import { authorize } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../problem.ts';

const idParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const timestamp = z.string().openapi({ format: 'date-time' });
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, such as demo-request');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const errors = {
  400: problemResponse('The request is invalid; `errors` names each field'),
  401: problemResponse('No valid API key'),
  403: problemResponse('The key’s role does not allow this'),
};

const fieldSchema = z
  .strictObject({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'letters, digits and _; standard contact fields (email, firstName, lastName, phone, jobTitle, company, country, city) fill the contact'),
    label: z.string().trim().min(1).max(255),
    type: z.enum(forms.FORM_FIELD_TYPES),
    required: z.boolean().default(false),
    options: z.array(z.string().max(255)).max(200).optional(),
  })
  .openapi('FormField');

const formFields = {
  key: slug.openapi({ description: 'the formId submissions carry; lifecycle criteria match on it (a "demo" form makes SQLs)' }),
  name: z.string().trim().min(1).max(255),
  status: z.enum(forms.FORM_STATUSES),
  fields: z.array(fieldSchema).min(1).max(50),
  targetStage: z.string().max(64).nullable().openapi({ description: 'a submission moves the contact forward to this stage' }),
  campaignId: z.uuid().nullable(),
  landingPageId: z.uuid().nullable(),
  consent: z.strictObject({ label: z.string().trim().min(1).max(1000), required: z.boolean() }).nullable(),
  redirectUrl: z.url({ protocol: /^https?$/ }).nullable(),
  thankYouMessage: z.string().max(2000).nullable(),
  confirmWithoutAttribution: z.boolean().openapi({ description: 'publish although no campaign or landing page is linked' }),
};

const formSchema = z
  .object({ id: z.uuid(), ...formFields, fields: z.array(fieldSchema), createdAt: timestamp, updatedAt: timestamp })
  .omit({ confirmWithoutAttribution: true })
  .openapi('Form');
const formCreate = z.strictObject(formFields).partial().required({ key: true, name: true, fields: true }).openapi('FormCreate');
const formUpdate = z.strictObject(formFields).partial().openapi('FormUpdate');

const campaignSchema = z.object({ id: z.uuid(), name: z.string(), key: z.string(), channel: z.string().nullable(), createdAt: timestamp }).openapi('Campaign');
const campaignCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(255),
    key: z.string().trim().min(1).max(255).openapi({ description: 'the utm_campaign value its links carry' }),
    channel: z.string().max(64).nullable().optional(),
  })
  .openapi('CampaignCreate');
const landingPageSchema = z.object({ id: z.uuid(), name: z.string(), url: z.string(), campaignId: z.uuid().nullable(), createdAt: timestamp }).openapi('LandingPage');
const landingPageCreate = z
  .strictObject({ name: z.string().trim().min(1).max(255), url: z.url({ protocol: /^https?$/ }), campaignId: z.uuid().nullable().optional() })
  .openapi('LandingPageCreate');

const publishRefused = problemResponse('Publishing without a campaign or landing page needs `confirmWithoutAttribution`; `missing` names the links');

export const registerFormRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(
    createRoute({ method: 'get', path: '/forms', tags: ['Forms'], summary: 'List forms', responses: { 200: json(z.object({ data: z.array(formSchema) }), 'Forms'), ...errors } }),
    async (c) => c.json({ data: await forms.listForms(authorize(c, 'records:read')) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/forms',
      tags: ['Forms'],
      summary: 'Create a form',
      request: body(formCreate),
      responses: { 201: json(formSchema, 'The created form'), ...errors, 409: publishRefused },
    }),
    async (c) => c.json(await forms.createForm(authorize(c, 'records:write'), c.req.valid('json') as Parameters<typeof forms.createForm>[1]), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/forms/{id}',
      tags: ['Forms'],
      summary: 'Get a form',
      request: { params: idParams },
      responses: { 200: json(formSchema, 'Form'), ...errors, 404: problemResponse('No such form') },
    }),
    async (c) => c.json(await forms.getForm(authorize(c, 'records:read'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/forms/{id}',
      tags: ['Forms'],
      summary: 'Update or publish a form',
      request: { params: idParams, ...body(formUpdate) },
      responses: { 200: json(formSchema, 'The updated form'), ...errors, 404: problemResponse('No such form'), 409: publishRefused },
    }),
    async (c) => c.json(await forms.updateForm(authorize(c, 'records:write'), c.req.valid('param').id, c.req.valid('json') as forms.FormInput), 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/forms/{id}',
      tags: ['Forms'],
      summary: 'Delete a form',
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, ...errors, 404: problemResponse('No such form') },
    }),
    async (c) => {
      await forms.deleteForm(authorize(c, 'records:delete'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/campaigns', tags: ['Forms'], summary: 'List campaigns', responses: { 200: json(z.object({ data: z.array(campaignSchema) }), 'Campaigns'), ...errors } }),
    async (c) => c.json({ data: await campaigns.listCampaigns(authorize(c, 'records:read')) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns',
      tags: ['Forms'],
      summary: 'Create a campaign',
      request: body(campaignCreate),
      responses: { 201: json(campaignSchema, 'The created campaign'), ...errors, 409: problemResponse('A campaign with this key exists') },
    }),
    async (c) => c.json(await campaigns.createCampaign(authorize(c, 'records:write'), c.req.valid('json')), 201),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/landing-pages', tags: ['Forms'], summary: 'List landing pages', responses: { 200: json(z.object({ data: z.array(landingPageSchema) }), 'Landing pages'), ...errors } }),
    async (c) => c.json({ data: await campaigns.listLandingPages(authorize(c, 'records:read')) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/landing-pages',
      tags: ['Forms'],
      summary: 'Create a landing page',
      request: body(landingPageCreate),
      responses: { 201: json(landingPageSchema, 'The created landing page'), ...errors, 409: problemResponse('A landing page with this URL exists') },
    }),
    async (c) => c.json(await campaigns.createLandingPage(authorize(c, 'records:write'), c.req.valid('json')), 201),
  );
};

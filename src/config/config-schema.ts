// The schema of leadcycle.config.yaml: the lifecycle stages, lead statuses, the recycle loop and
// scoring. Field-level rules live in the zod schema; rules that relate fields to each other (unique
// ids, references between sections) are cross-checks at the end, each reported with the path it concerns.

import { z } from 'zod';
import { CONTACT_FIELDS } from '../domain/contact.ts';
import { filterSchema } from '../domain/filter/filter-schema.ts';
import { TEAMS } from '../domain/lifecycle/lifecycle-config.ts';
import { scoringConfigSchema } from './scoring-schema.ts';

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _, starting with a letter (at most 64)');

const slaSchema = z.strictObject({
  maxHours: z.number().positive().describe('The longest a contact may stay in the stage, in hours'),
  alert: name.describe('Who is alerted when the SLA is exceeded: a team (marketing, bdr, ae, cs) or a role'),
});

export const stageSchema = z.strictObject({
  id: name.describe('Stable identifier stored on contacts and in history'),
  label: z.string().min(1),
  order: z.number().int().describe('Position on the path: higher is further. Unique.'),
  team: z.enum(TEAMS).describe('The team that owns contacts in this stage'),
  description: z.string().min(1).describe('The written definition of the stage'),
  entry: filterSchema.nullable().default(null).describe('Entry criteria; null or absent = entered by hand only'),
  exit: filterSchema
    .nullable()
    .default(null)
    .describe('Exit criteria: when set, an automatic move out of the stage waits until they are met'),
  requiredFields: z
    .array(z.string())
    .default([])
    .describe('Fields a contact must have to enter: a contact field, company.<field> or a custom property'),
  sla: slaSchema.nullable().default(null),
  leadStatusOnEntry: name.nullable().default(null).describe('Lead status set on entering; null keeps the status'),
  entryPoint: z
    .boolean()
    .default(false)
    .describe('A side door onto the path (outbound leads): joining here records no earlier stage as skipped'),
  offPath: z.boolean().default(false).describe('Off the path (partners, vendors): only classified on arrival or moved by hand'),
});

const recycleSchema = z.strictObject({
  reasons: z.array(name).min(1).describe('Reasons sales may give when returning a contact to marketing'),
  targetStage: name.describe('The stage a recycled contact returns to (usually lead)'),
  engagementResetFraction: z.number().min(0).max(1).describe('Share of the engagement score a recycled contact keeps'),
  leadStatus: name.default('recycled').describe('Lead status of a recycled contact'),
});

const milestonesSchema = z.strictObject({
  opportunity: name.describe('The stage an open deal puts its contacts and company in'),
  customer: name.describe('The stage a won deal puts its contacts and company in; it and later stages are customer stages'),
});

type ParsedConfig = {
  stages: { id: string; order: number; requiredFields: string[]; leadStatusOnEntry: string | null; offPath: boolean }[];
  leadStatuses: string[];
  recycle: { reasons: string[]; targetStage: string; leadStatus: string };
  milestones: { opportunity: string; customer: string };
};

/** Fields the engine sets itself: requiring them says nothing about the contact. */
const ENGINE_FIELDS = new Set(['id', 'lifecycleStage', 'stageEnteredAt', 'fitScore', 'engagementScore', 'createdAt', 'updatedAt']);
const STANDARD_FIELDS = Object.keys(CONTACT_FIELDS);
const fold = (field: string): string => field.toLowerCase().replaceAll('_', '');
const propertyName = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

/** Why a required field name is implausible, or null when it is fine. */
export const requiredFieldProblem = (field: string): string | null => {
  if (ENGINE_FIELDS.has(field)) return `"${field}" is set by the engine; it cannot be required`;
  if (STANDARD_FIELDS.includes(field)) return null;
  if (field.startsWith('company.')) {
    return propertyName.test(field.slice('company.'.length)) ? null : `"${field}" is not a company field name`;
  }
  const meant = STANDARD_FIELDS.find((standard) => fold(standard) === fold(field));
  if (meant !== undefined) return `unknown field "${field}"; did you mean "${meant}"?`;
  return propertyName.test(field) ? null : `"${field}" is not a field name (a contact field, company.<field> or a custom property)`;
};

const repeated = <T>(values: readonly T[]): Set<T> => new Set(values.filter((value, index) => values.indexOf(value) !== index));

const crossCheck = (config: ParsedConfig, ctx: z.RefinementCtx): void => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const ids = config.stages.map((stage) => stage.id);
  const repeatedIds = repeated(ids);
  const repeatedOrders = repeated(config.stages.map((stage) => stage.order));
  const statuses = new Set(config.leadStatuses);
  config.stages.forEach((stage, index) => {
    if (repeatedIds.has(stage.id)) issue(['stages', index, 'id'], `duplicate stage id "${stage.id}"`);
    if (repeatedOrders.has(stage.order)) issue(['stages', index, 'order'], `order ${stage.order} is used by another stage`);
    if (stage.leadStatusOnEntry !== null && !statuses.has(stage.leadStatusOnEntry)) {
      issue(['stages', index, 'leadStatusOnEntry'], `"${stage.leadStatusOnEntry}" is not in leadStatuses`);
    }
    stage.requiredFields.forEach((field, fieldIndex) => {
      const problem = requiredFieldProblem(field);
      if (problem !== null) issue(['stages', index, 'requiredFields', fieldIndex], problem);
    });
  });
  const path = config.stages.filter((stage) => !stage.offPath).sort((a, b) => a.order - b.order);
  if (path.length === 0) issue(['stages'], 'at least one stage must be on the path (offPath: false)');
  const position = (id: string): number => path.findIndex((stage) => stage.id === id);
  const onPath = (where: (string | number)[], id: string, role: string): boolean => {
    if (!ids.includes(id)) issue(where, `${role} "${id}" is not a stage`);
    else if (position(id) < 0) issue(where, `${role} "${id}" must be on the path, not off it`);
    return position(id) >= 0;
  };
  repeated(config.leadStatuses).forEach((status) =>
    issue(['leadStatuses', config.leadStatuses.lastIndexOf(status)], `duplicate lead status "${status}"`),
  );
  repeated(config.recycle.reasons).forEach((reason) =>
    issue(['recycle', 'reasons', config.recycle.reasons.lastIndexOf(reason)], `duplicate recycle reason "${reason}"`),
  );
  if (!statuses.has(config.recycle.leadStatus)) {
    issue(['recycle', 'leadStatus'], `"${config.recycle.leadStatus}" is not in leadStatuses`);
  }
  const { opportunity, customer } = config.milestones;
  const milestonesOnPath = onPath(['milestones', 'opportunity'], opportunity, 'opportunity milestone') &&
    onPath(['milestones', 'customer'], customer, 'customer milestone');
  if (milestonesOnPath && position(opportunity) >= position(customer)) {
    issue(['milestones', 'customer'], `the customer milestone must come after the opportunity milestone`);
  }
  if (onPath(['recycle', 'targetStage'], config.recycle.targetStage, 'recycle target') && milestonesOnPath) {
    if (position(config.recycle.targetStage) >= position(opportunity)) {
      issue(['recycle', 'targetStage'], 'the recycle target must come before the opportunity milestone');
    }
  }
};

export const lifecycleConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint: the JSON Schema of this file'),
    template: z.string().min(1).describe('The template this configuration started from (classic, waterfall or your own name)'),
    stages: z.array(stageSchema).min(1),
    leadStatuses: z.array(name).min(1).describe('Lead statuses: finer sales sub-states inside a stage'),
    recycle: recycleSchema,
    milestones: milestonesSchema.default({ opportunity: 'opportunity', customer: 'customer' }),
    // Absent = the shipped default scoring (filled in by load-config.ts).
    scoring: scoringConfigSchema.optional(),
  })
  .superRefine(crossCheck);

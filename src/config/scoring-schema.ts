// The `scoring` section of leadcycle.config.yaml. Cross-references (groups, primary model, rule ids)
// are checked here so a bad config is refused with a path, never half-applied at scoring time.

import { z } from 'zod';
import { isEventType } from '../domain/event.ts';
import { eventPropertyFilterSchema, filterSchema, relativeDurationSchema } from '../domain/filter/filter-schema.ts';

const ruleId = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'letters, digits, _ . - (at most 64)');
const points = z.number().finite();

const fitRuleSchema = z.object({
  id: ruleId,
  label: z.string().min(1),
  when: filterSchema,
  points,
  group: z.string().min(1).optional(),
});

const engagementRuleSchema = z.object({
  id: ruleId,
  label: z.string().min(1),
  event: z.string().refine(isEventType, 'a built-in event type or custom:<name>'),
  where: eventPropertyFilterSchema.optional(),
  points,
  mode: z.enum(['once', 'repeatable']),
  within: relativeDurationSchema.optional(),
  maxPoints: z.number().positive().optional(),
  group: z.string().min(1).optional(),
});

const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'a domain name such as example.com');

const emailDomainSchema = z.object({
  competitorDomains: z.array(domainName),
  competitorPoints: points,
  businessPoints: points,
  freeMailPoints: points,
});

const gradeSchema = z
  .object({
    fitA: z.number().finite(),
    fitB: z.number().finite(),
    engagement1: z.number().finite(),
    engagement2: z.number().finite(),
  })
  .superRefine((grade, ctx) => {
    if (grade.fitA < grade.fitB) ctx.addIssue({ code: 'custom', path: ['fitA'], message: 'fitA must be >= fitB' });
    if (grade.engagement1 < grade.engagement2) {
      ctx.addIssue({ code: 'custom', path: ['engagement1'], message: 'engagement1 must be >= engagement2' });
    }
  });

const duplicates = (names: readonly string[]): Set<string> =>
  new Set(names.filter((name, index) => names.indexOf(name) !== index));

type RuleRefs = { id: string; group?: string | undefined };
type ModelRefs = { fit: RuleRefs[]; engagement: RuleRefs[]; groups?: { name: string }[] | undefined };

const checkModelReferences = (model: ModelRefs, ctx: z.RefinementCtx): void => {
  const groups = model.groups ?? [];
  const groupNames = new Set(groups.map((group) => group.name));
  const repeatedGroups = duplicates(groups.map((group) => group.name));
  groups.forEach((group, index) => {
    if (repeatedGroups.has(group.name)) {
      ctx.addIssue({ code: 'custom', path: ['groups', index, 'name'], message: `duplicate group "${group.name}"` });
    }
  });
  // Rule ids name the lines of an explanation, so they must be unique across both kinds.
  const repeatedIds = duplicates([...model.fit, ...model.engagement].map((rule) => rule.id));
  const checkRule = (kind: 'fit' | 'engagement') => (rule: RuleRefs, index: number) => {
    if (repeatedIds.has(rule.id)) {
      ctx.addIssue({ code: 'custom', path: [kind, index, 'id'], message: `duplicate rule id "${rule.id}"` });
    }
    if (rule.group !== undefined && !groupNames.has(rule.group)) {
      ctx.addIssue({ code: 'custom', path: [kind, index, 'group'], message: `unknown group "${rule.group}"` });
    }
  };
  model.fit.forEach(checkRule('fit'));
  model.engagement.forEach(checkRule('engagement'));
};

export const scoreModelSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'letters, digits, _ - (at most 64)'),
    fit: z.array(fitRuleSchema),
    engagement: z.array(engagementRuleSchema),
    groups: z.array(z.object({ name: z.string().min(1), cap: z.number().positive() })).optional(),
    emailDomain: emailDomainSchema.optional(),
    halfLifeDays: z.number().min(0).optional(),
    grade: gradeSchema,
  })
  .superRefine(checkModelReferences);

export const scoringConfigSchema = z
  .object({
    models: z.array(scoreModelSchema).min(1),
    primary: z.string().min(1),
  })
  .superRefine((config, ctx) => {
    const names = config.models.map((model) => model.name);
    const repeated = duplicates(names);
    config.models.forEach((model, index) => {
      if (repeated.has(model.name)) {
        ctx.addIssue({ code: 'custom', path: ['models', index, 'name'], message: `duplicate model "${model.name}"` });
      }
    });
    if (!names.includes(config.primary)) {
      ctx.addIssue({ code: 'custom', path: ['primary'], message: `no model named "${config.primary}"` });
    }
  });

// A small classic lifecycle and scoring model for the lifecycle specs: round numbers, no decay, so
// each test can say exactly which event crosses which threshold.

import { blankContact, type Company, type Contact } from '../contact.ts';
import type { ContactEvent, EventType } from '../event.ts';
import type { ScoringConfig } from '../scoring/scoring-model.ts';
import type { LifecycleConfig, Stage } from './lifecycle-config.ts';
import type { LifecycleState } from './lifecycle-state.ts';

export const scoring: ScoringConfig = {
  primary: 'spec',
  models: [
    {
      name: 'spec',
      grade: { fitA: 60, fitB: 40, engagement1: 60, engagement2: 30 },
      fit: [{ id: 'vp', label: 'VP', when: { property: 'jobTitle', op: 'contains', value: 'VP' }, points: 40 }],
      engagement: [
        { id: 'visit', label: 'Page view', event: 'page_view', points: 10, mode: 'repeatable' },
        { id: 'form', label: 'Form', event: 'form_submitted', points: 20, mode: 'repeatable' },
      ],
    },
  ],
};

const stage = (fields: Pick<Stage, 'id' | 'order' | 'team' | 'entry'> & Partial<Stage>): Stage => ({
  label: fields.id,
  description: `the ${fields.id} stage`,
  exit: null,
  requiredFields: [],
  sla: null,
  leadStatusOnEntry: null,
  entryPoint: false,
  offPath: false,
  ...fields,
});

export const config: LifecycleConfig = {
  template: 'spec',
  leadStatuses: ['new', 'attempting', 'connected', 'in_progress', 'open_deal', 'unqualified', 'bad_timing', 'recycled'],
  recycle: {
    reasons: ['bad_timing', 'no_budget', 'no_response'],
    targetStage: 'lead',
    engagementResetFraction: 0.5,
    leadStatus: 'recycled',
  },
  milestones: { opportunity: 'opportunity', customer: 'customer' },
  scoring,
  stages: [
    stage({
      id: 'subscriber',
      order: 10,
      team: 'marketing',
      entry: { event: 'form_submitted', where: { property: 'formId', op: 'eq', value: 'newsletter' } },
      requiredFields: ['email'],
    }),
    stage({
      id: 'lead',
      order: 20,
      team: 'marketing',
      entry: { event: 'form_submitted', where: { property: 'formId', op: 'neq', value: 'newsletter' } },
      requiredFields: ['email'],
    }),
    stage({
      id: 'marketing_qualified',
      order: 30,
      team: 'bdr',
      entry: {
        all: [
          { property: 'fitScore', op: 'gte', value: 40 },
          { property: 'engagementScore', op: 'gte', value: 60 },
        ],
      },
      leadStatusOnEntry: 'new',
    }),
    stage({
      id: 'sales_qualified',
      order: 40,
      team: 'ae',
      entry: {
        any: [
          { event: 'form_submitted', where: { property: 'formId', op: 'eq', value: 'demo' } },
          { event: 'meeting_booked' },
        ],
      },
      requiredFields: ['email', 'company.name'],
    }),
    stage({ id: 'opportunity', order: 50, team: 'ae', entry: { event: 'deal_created' }, leadStatusOnEntry: 'open_deal' }),
    stage({ id: 'customer', order: 60, team: 'cs', entry: { event: 'deal_won' } }),
    stage({ id: 'evangelist', order: 70, team: 'cs', entry: { event: 'custom:referral_made' } }),
    stage({
      id: 'other',
      order: 100,
      team: 'marketing',
      entry: { property: 'contactType', op: 'in', value: ['partner', 'vendor'] },
      offPath: true,
    }),
  ],
};

export const company: Company = {
  id: 'co-1',
  name: 'Acme',
  domain: 'acme.example',
  industry: null,
  employees: 250,
  annualRevenue: null,
  country: 'US',
  city: null,
  lifecycleStage: null,
  customerStatus: null,
  ownerId: null,
  properties: {},
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

export const contactWith = (fields: Partial<Contact> = {}): Contact => ({
  ...blankContact('c-1', '2025-01-01T00:00:00.000Z'),
  email: 'ada@acme.example',
  firstName: 'Ada',
  lastName: 'Lovelace',
  country: 'US',
  ...fields,
});

let sequence = 0;

/** An event `day` days into 2025 (day 1 = Jan 1st, noon UTC). */
export const eventOn = (day: number, type: EventType, properties: Record<string, unknown> = {}): ContactEvent => {
  sequence += 1;
  return {
    id: `e-${sequence}`,
    type,
    occurredAt: new Date(Date.UTC(2025, 0, day, 12)).toISOString(),
    properties,
  };
};

export const stateOf = (
  contact: Contact,
  events: readonly ContactEvent[] = [],
  withCompany: Company | null = null,
): LifecycleState => ({ view: { contact, company: withCompany, events }, qualifyingFrom: null });

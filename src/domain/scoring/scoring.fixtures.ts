// Builders for scoring tests: a contact view with just the fields a test names.

import { blankCompany, blankContact, type Company, type Contact } from '../contact.ts';
import type { ContactEvent } from '../event.ts';
import type { ContactView } from '../filter/filter.ts';
import type { ScoreModel, ScoringConfig } from './scoring-model.ts';

export const NOW = new Date('2025-06-30T12:00:00.000Z');
const DAY_MS = 86_400_000;

/** An ISO time `days` before NOW. */
export const daysAgo = (days: number): string => new Date(NOW.getTime() - days * DAY_MS).toISOString();

export const contactOf = (fields: Partial<Contact> = {}): Contact => ({
  ...blankContact('c1', daysAgo(400)),
  updatedAt: daysAgo(1),
  ...fields,
});

export const companyOf = (fields: Partial<Company> = {}): Company => ({
  ...blankCompany('co1', 'Acme', daysAgo(400)),
  domain: 'acme.com',
  updatedAt: daysAgo(1),
  ...fields,
});

let eventCount = 0;
export const eventOf = (type: string, at: string, properties: Record<string, unknown> = {}): ContactEvent => ({
  id: `e${++eventCount}`,
  type: type as ContactEvent['type'],
  occurredAt: at,
  properties,
});

export const viewOf = (
  contact: Partial<Contact>,
  events: ContactEvent[] = [],
  company: Partial<Company> | null = null,
): ContactView => ({
  contact: contactOf(contact),
  company: company === null ? null : companyOf(company),
  events,
});

/** A model with no rules and no decay unless the test adds them. */
export const modelOf = (fields: Partial<ScoreModel>): ScoreModel => ({
  name: 'test',
  fit: [],
  engagement: [],
  grade: { fitA: 60, fitB: 40, engagement1: 60, engagement2: 30 },
  ...fields,
});

export const configOf = (...models: ScoreModel[]): ScoringConfig => ({ models, primary: models[0]!.name });

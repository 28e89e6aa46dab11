import { describe, expect, it } from 'vitest';
import type { Company, Contact } from '../contact.ts';
import type { ContactEvent } from '../event.ts';
import type { ContactView, Filter } from './filter.ts';
import { compilePredicate } from './predicate.ts';

const NOW = new Date('2024-03-31T12:00:00.000Z');

const contact = (fields: Partial<Contact> = {}): Contact => ({
  id: '0190b2a4-6c1d-7000-8000-000000000001',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: null,
  jobTitle: 'VP Marketing',
  country: 'FR',
  city: null,
  companyId: null,
  ownerId: null,
  lifecycleStage: 'lead',
  leadStatus: null,
  customerStatus: null,
  stageEnteredAt: '2024-03-20T09:00:00.000Z',
  fitScore: 40,
  engagementScore: 10,
  originalSource: null,
  latestSource: null,
  properties: {},
  createdAt: '2024-01-15T10:00:00.000Z',
  updatedAt: '2024-03-20T09:00:00.000Z',
  ...fields,
});

const company = (fields: Partial<Company> = {}): Company => ({
  id: '0190b2a4-6c1d-7000-8000-0000000000c1',
  name: 'Analytical Engines',
  domain: 'engines.example',
  industry: 'Software',
  employees: 250,
  annualRevenue: 10_000_000,
  country: 'GB',
  city: 'London',
  lifecycleStage: null,
  customerStatus: null,
  ownerId: null,
  properties: {},
  createdAt: '2023-06-01T00:00:00.000Z',
  updatedAt: '2023-06-01T00:00:00.000Z',
  ...fields,
});

let eventCount = 0;
const pageView = (occurredAt: string, url: string): ContactEvent => ({
  id: `event-${(eventCount += 1)}`,
  type: 'page_view',
  occurredAt,
  properties: { url },
});

const view = (parts: Partial<ContactView> = {}): ContactView => ({ contact: contact(), company: null, events: [], ...parts });
const accepts = (filter: Filter, subject: ContactView = view(), now = NOW) => compilePredicate(filter)(subject, now);

describe('property conditions', () => {
  it('compares text case-insensitively: jobTitle contains "vp"', () => {
    expect(accepts({ property: 'jobTitle', op: 'contains', value: 'vp' })).toBe(true);
    expect(accepts({ property: 'jobTitle', op: 'eq', value: 'vp marketing' })).toBe(true);
    expect(accepts({ property: 'jobTitle', op: 'starts_with', value: 'VP M' })).toBe(true);
    expect(accepts({ property: 'jobTitle', op: 'ends_with', value: 'sales' })).toBe(false);
  });

  it('matches a value in a list: country in ["fr", "de"]', () => {
    expect(accepts({ property: 'country', op: 'in', value: ['fr', 'de'] })).toBe(true);
    expect(accepts({ property: 'country', op: 'not_in', value: ['US', 'CA'] })).toBe(true);
  });

  it('reaches the company: company.employees >= 200', () => {
    const filter: Filter = { property: 'company.employees', op: 'gte', value: 200 };
    expect(accepts(filter, view({ company: company() }))).toBe(true);
    expect(accepts(filter, view({ company: company({ employees: 50 }) }))).toBe(false);
    expect(accepts(filter, view({ company: null }))).toBe(false);
  });

  it('reads custom properties of the contact and of the company', () => {
    const subject = view({
      contact: contact({ properties: { plan: 'Pro', seats: '12', trial: 'TRUE', tags: ['webinar', 'Pricing'] } }),
      company: company({ properties: { tier: 'Enterprise' } }),
    });
    expect(accepts({ property: 'plan', op: 'eq', value: 'pro' }, subject)).toBe(true);
    expect(accepts({ property: 'company.tier', op: 'eq', value: 'enterprise' }, subject)).toBe(true);
    // A number written as text compares as a number; "true" written as text is a boolean.
    expect(accepts({ property: 'seats', op: 'gt', value: 10 }, subject)).toBe(true);
    expect(accepts({ property: 'trial', op: 'eq', value: true }, subject)).toBe(true);
    // A list matches when one of its values does.
    expect(accepts({ property: 'tags', op: 'eq', value: 'pricing' }, subject)).toBe(true);
    expect(accepts({ property: 'tags', op: 'not_in', value: ['pricing'] }, subject)).toBe(false);
  });

  it('compares a declared custom type as that type', () => {
    const subject = view({ contact: contact({ properties: { renewal: '2024-04-01' } }) });
    const filter: Filter = { property: 'renewal', op: 'gt', value: '2024-03-31T23:00:00Z' };
    expect(compilePredicate(filter, { customTypes: { renewal: 'date' } })(subject, NOW)).toBe(true);
  });

  it('treats a missing value as matching nothing but its negations', () => {
    const blank = view({ contact: contact({ jobTitle: null, city: '' }) });
    expect(accepts({ property: 'jobTitle', op: 'eq', value: 'VP' }, blank)).toBe(false);
    expect(accepts({ property: 'jobTitle', op: 'neq', value: 'VP' }, blank)).toBe(true);
    expect(accepts({ property: 'jobTitle', op: 'not_in', value: ['VP'] }, blank)).toBe(true);
    expect(accepts({ property: 'jobTitle', op: 'not_contains', value: 'VP' }, blank)).toBe(true);
    expect(accepts({ property: 'city', op: 'exists' }, blank)).toBe(false);
    expect(accepts({ property: 'unknown_property', op: 'not_exists' }, blank)).toBe(true);
    expect(accepts({ property: 'company.name', op: 'not_exists' }, blank)).toBe(true);
  });

  it('compares date-times as instants, between inclusive, a bare upper date covering its day', () => {
    expect(accepts({ property: 'createdAt', op: 'gt', value: '2024-01-15T11:00:00+02:00' })).toBe(true);
    expect(accepts({ property: 'createdAt', op: 'between', value: ['2024-01-01', '2024-01-15'] })).toBe(true);
    expect(accepts({ property: 'createdAt', op: 'between', value: ['2024-01-15T10:00:00Z', '2024-01-15T10:00:00Z'] })).toBe(true);
    expect(accepts({ property: 'createdAt', op: 'between', value: ['2024-01-01', '2024-01-14'] })).toBe(false);
  });

  it('measures relative windows back from now', () => {
    expect(accepts({ property: 'stageEnteredAt', op: 'within_last', value: { amount: 14, unit: 'days' } })).toBe(true);
    expect(accepts({ property: 'stageEnteredAt', op: 'more_than_ago', value: { amount: 1, unit: 'weeks' } })).toBe(true);
    // Calendar months: 31 March minus one month is 29 February (2024).
    const leapDay = view({ contact: contact({ stageEnteredAt: '2024-02-29T12:00:00.000Z' }) });
    expect(accepts({ property: 'stageEnteredAt', op: 'within_last', value: { amount: 1, unit: 'months' } }, leapDay)).toBe(true);
    expect(accepts({ property: 'stageEnteredAt', op: 'more_than_ago', value: { amount: 1, unit: 'months' } }, leapDay)).toBe(false);
  });
});

describe('event conditions', () => {
  const visits = view({
    events: [
      pageView('2024-03-30T08:00:00.000Z', '/pricing'),
      pageView('2024-03-28T08:00:00.000Z', '/PRICING/enterprise'),
      pageView('2024-03-27T08:00:00.000Z', '/pricing'),
      pageView('2024-03-01T08:00:00.000Z', '/pricing'),
      pageView('2024-04-02T08:00:00.000Z', '/pricing'),
      { id: 'form', type: 'form_submitted', occurredAt: '2024-03-29T08:00:00.000Z', properties: { form: 'demo' } },
    ],
  });
  const pricingViews = (within: number, atLeast: number): Filter => ({
    event: 'page_view',
    where: { property: 'url', op: 'starts_with', value: '/pricing' },
    within: { amount: within, unit: 'days' },
    count: { op: 'gte', value: atLeast },
  });

  it('counts: page_view where url starts with "/pricing" within 7 days >= 3', () => {
    expect(accepts(pricingViews(7, 3), visits)).toBe(true);
    expect(accepts(pricingViews(3, 3), visits)).toBe(false);
  });

  it('ignores events after now', () => {
    expect(accepts(pricingViews(60, 5), visits)).toBe(false);
    expect(accepts(pricingViews(60, 4), visits)).toBe(true);
  });

  it('without an aggregate asks for at least one matching event', () => {
    expect(accepts({ event: 'form_submitted', where: { property: 'form', op: 'eq', value: 'Demo' } }, visits)).toBe(true);
    expect(accepts({ event: 'webinar_attended' }, visits)).toBe(false);
  });

  it('tests the first and last matching event, and is false when there is none', () => {
    expect(accepts({ event: 'page_view', first: { op: 'lt', value: '2024-03-02' } }, visits)).toBe(true);
    expect(accepts({ event: 'page_view', last: { op: 'within_last', value: { amount: 2, unit: 'days' } } }, visits)).toBe(true);
    expect(accepts({ event: 'page_view', last: { op: 'within_last', value: { amount: 1, unit: 'days' } } }, visits)).toBe(false);
    expect(accepts({ event: 'page_view', where: { property: 'occurredAt', op: 'lt', value: '2024-03-10' }, last: { op: 'neq', value: '2024-01-01' } }, visits)).toBe(true);
    expect(accepts({ event: 'webinar_attended', first: { op: 'neq', value: '2024-01-01' } }, visits)).toBe(false);
    expect(accepts({ event: 'webinar_attended', count: { op: 'eq', value: 0 } }, visits)).toBe(true);
  });
});

describe('groups', () => {
  it('nests all, any and not', () => {
    const qualified: Filter = {
      all: [
        { property: 'jobTitle', op: 'contains', value: 'vp' },
        { any: [{ property: 'country', op: 'in', value: ['US', 'CA'] }, { property: 'fitScore', op: 'gte', value: 40 }] },
        { not: { property: 'email', op: 'ends_with', value: '@competitor.example' } },
      ],
    };
    expect(accepts(qualified)).toBe(true);
    expect(accepts(qualified, view({ contact: contact({ fitScore: 39 }) }))).toBe(false);
  });

  it('reads an empty all as true and an empty any as false', () => {
    expect(accepts({ all: [] })).toBe(true);
    expect(accepts({ any: [] })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultScoringConfig } from '../../config/scoring-default.ts';
import { blankContact, type Company } from '../contact.ts';
import type { ContactView } from '../filter/filter.ts';
import type { PropertyTypes } from '../filter/property-source.ts';
import { fitTotal, primaryModel } from '../scoring/score.ts';
import type { ScoreModel } from '../scoring/scoring-model.ts';
import { rememberedFit } from './carried-fit.ts';

const NOW = new Date('2025-03-01T12:00:00.000Z');

const companyOf = (employees: number | null): Company => ({
  id: `company-${employees}`,
  name: 'Acme',
  domain: 'acme.io',
  industry: null,
  employees,
  annualRevenue: null,
  country: null,
  city: null,
  ownerId: null,
  lifecycleStage: null,
  customerStatus: null,
  properties: {},
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
});

const viewOf = (fields: { jobTitle?: string | null; country?: string | null; email?: string | null; employees?: number | null; properties?: Record<string, unknown> }, propertyTypes: PropertyTypes = {}): ContactView => ({
  contact: {
    ...blankContact(`c-${Math.random()}`, NOW.toISOString()),
    jobTitle: fields.jobTitle ?? null,
    country: fields.country ?? null,
    email: fields.email ?? null,
    properties: fields.properties ?? {},
  },
  company: fields.employees === undefined ? null : companyOf(fields.employees),
  events: [],
  propertyTypes,
});

describe('rememberedFit', () => {
  const model = primaryModel(defaultScoringConfig);

  it('gives the fit the rules give, for every mix of the values they read, remembered or not', () => {
    const views: ContactView[] = [];
    for (const jobTitle of ['VP Sales', 'Chief Executive Officer', 'Marketing Manager', 'Intern', 'cto', '', null]) {
      for (const country of ['US', 'FR', 'JP', null]) {
        for (const email of ['ann@gmail.com', 'ann@acme.io', 'ANN@Acme.IO', 'not an address', null]) {
          for (const employees of [undefined, null, 5, 120, 600, 5000]) views.push(viewOf({ jobTitle, country, email, employees }));
        }
      }
    }
    // Twice over, the second time from the memo; and each view's fit as the rules compute it.
    for (const view of [...views, ...views.reverse()]) expect(rememberedFit(model, view, NOW)).toBe(fitTotal(view, model, NOW));
    expect(new Set(views.map((view) => fitTotal(view, model, NOW))).size).toBeGreaterThan(10);
  });

  it('tells apart a custom property read under different declared types', () => {
    const seats: ScoreModel = { ...model, emailDomain: undefined, fit: [{ id: 'seats', label: 'Seats', when: { property: 'seats', op: 'gt', value: 9 }, points: 10 }] };
    // "10" is more than 9 as a number, and less than "9" as text.
    const untyped = viewOf({ properties: { seats: '10' } });
    const asText = viewOf({ properties: { seats: '10' } }, { seats: 'string' });
    expect(rememberedFit(seats, untyped, NOW)).toBe(10);
    expect(rememberedFit(seats, asText, NOW)).toBe(0);
    expect(rememberedFit(seats, untyped, NOW)).toBe(10);
    // A list value and its text are different values.
    expect(rememberedFit(seats, viewOf({ properties: { seats: ['10'] } }), NOW)).toBe(fitTotal(viewOf({ properties: { seats: ['10'] } }), seats, NOW));
  });

  it('keeps text values apart however they would run together', () => {
    const two: ScoreModel = {
      ...model,
      emailDomain: undefined,
      fit: [
        { id: 'a', label: 'a', when: { property: 'jobTitle', op: 'eq', value: 'x' }, points: 1 },
        { id: 'b', label: 'b', when: { property: 'city', op: 'eq', value: 'y\u0000s' }, points: 2 },
      ],
    };
    const withCity = (jobTitle: string, city: string): ContactView => {
      const view = viewOf({ jobTitle });
      return { ...view, contact: { ...view.contact, city } };
    };
    // Written one after the other with a mark before each, these two pairs of values would read the same.
    expect(rememberedFit(two, withCity('x\u0000sy', ''), NOW)).toBe(0);
    expect(rememberedFit(two, withCity('x', 'y\u0000s'), NOW)).toBe(3);
  });

  it('is not given when an event or the time can change the fit', () => {
    const byEvent: ScoreModel = { ...model, fit: [{ id: 'webinar', label: 'Webinar', when: { event: 'webinar_attended' }, points: 10 }] };
    const byAge: ScoreModel = { ...model, fit: [{ id: 'new', label: 'New', when: { property: 'createdAt', op: 'within_last', value: { amount: 7, unit: 'days' } }, points: 10 }] };
    expect(rememberedFit(byEvent, viewOf({}), NOW)).toBeUndefined();
    expect(rememberedFit(byAge, viewOf({}), NOW)).toBeUndefined();
  });
});

// Generated contacts whose outcome follows a known logistic model of a few features, so a learner's
// ranking can be compared with the best possible one (the true probabilities). For tests and benchmarks.

import { blankCompany, blankContact, type Company, type Contact } from '../contact.ts';
import type { ContactEvent } from '../event.ts';
import type { PredictiveSample } from './features.ts';
import { gaussian, seededRandom } from './seeded-random.ts';
import type { Seniority } from './seniority.ts';

export type SyntheticSample = PredictiveSample & { label: boolean; trueProbability: number };

export const makeContact = (overrides: Partial<Contact> & { id: string }): Contact => ({
  ...blankContact(overrides.id, '2025-01-01T00:00:00.000Z'),
  lifecycleStage: 'lead',
  ...overrides,
});

export const makeCompany = (overrides: Partial<Company> & { id: string }): Company => ({
  ...blankCompany(overrides.id, overrides.id, '2025-01-01T00:00:00.000Z'),
  ...overrides,
});

/** The true model: log-odds = intercept + effects, with events counted as log1p(pricing page views). */
export const TRUE_EFFECTS = {
  intercept: -2.2,
  seniority: { c_level: 1.2, vp: 0.9, director: 0.5, manager: 0, individual: -0.5 } as Record<string, number>,
  logEmployees: 0.35,
  freeEmail: -0.9,
  logPageViews: 0.8,
};

const TITLES: [Seniority, string][] = [
  ['c_level', 'Chief Executive Officer'],
  ['vp', 'VP Marketing'],
  ['director', 'Director of Sales'],
  ['manager', 'Marketing Manager'],
  ['individual', 'Analyst'],
];
const COUNTRIES = ['US', 'GB', 'FR', 'DE', 'ES'];
const INDUSTRIES = ['software', 'retail', 'finance', 'health'];
const CHANNELS = ['organic_search', 'paid_search', 'email', 'referral', 'direct'];
const AS_OF = Date.parse('2025-03-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

/** A count with the given mean, geometric so a few contacts are far more active than the rest. */
const geometricCount = (random: () => number, mean: number): number =>
  Math.floor(Math.log(1 - random()) / Math.log(mean / (mean + 1)));

export const syntheticSamples = (count: number, seed: number): SyntheticSample[] => {
  const random = seededRandom(seed);
  const asOf = new Date(AS_OF).toISOString();
  return Array.from({ length: count }, (_, i) => {
    const id = `contact-${seed}-${i}`;
    const [seniority, jobTitle] = pick(random, TITLES);
    const employees = Math.round(Math.exp(3 + 1.5 * gaussian(random)));
    const free = random() < 0.3;
    const pageViews = geometricCount(random, 3);
    // Noise the model must learn to ignore: country, industry, channel and email opens carry no signal.
    const emailOpens = geometricCount(random, 2);
    const events: ContactEvent[] = [
      ...Array.from({ length: pageViews }, (_, k) => ({ type: 'page_view' as const, k })),
      ...Array.from({ length: emailOpens }, (_, k) => ({ type: 'email_opened' as const, k })),
    ].map(({ type, k }) => ({
      id: `${id}-${type}-${k}`,
      type,
      occurredAt: new Date(AS_OF - Math.ceil(random() * 60) * DAY_MS).toISOString(),
      properties: {},
    }));
    const logOdds =
      TRUE_EFFECTS.intercept +
      TRUE_EFFECTS.seniority[seniority]! +
      TRUE_EFFECTS.logEmployees * (Math.log1p(employees) - 3) +
      (free ? TRUE_EFFECTS.freeEmail : 0) +
      TRUE_EFFECTS.logPageViews * Math.log1p(pageViews);
    const trueProbability = 1 / (1 + Math.exp(-logOdds));
    const company = makeCompany({ id: `company-${seed}-${i}`, industry: pick(random, INDUSTRIES), employees });
    const contact = makeContact({
      id,
      email: `person${i}@${free ? 'gmail.com' : `company${i}.example`}`,
      jobTitle,
      country: pick(random, COUNTRIES),
      companyId: company.id,
      originalSource: {
        channel: pick(random, CHANNELS),
        campaign: null,
        source: null,
        medium: null,
        term: null,
        referrerDomain: null,
        at: '2025-01-01T00:00:00.000Z',
      },
      createdAt: new Date(AS_OF - 90 * DAY_MS).toISOString(),
    });
    return { contact, company, events, asOf, label: random() < trueProbability, trueProbability };
  });
};

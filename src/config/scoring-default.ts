// The scoring both templates ship. Thresholds line up with the templates' marketing_qualified entry
// criterion (fitScore >= 40 and engagementScore >= 60): grade B or better and engagement 1.
// A fit of 40 takes e.g. a director (15) at a 200+ employee company (15) with a business email (10);
// the best possible fit is 70, and a competitor's domain (−50) keeps even that below 40.

import type { ScoringConfig } from '../domain/scoring/scoring-model.ts';

const title = (op: 'eq' | 'contains' | 'starts_with' | 'ends_with', value: string) =>
  ({ property: 'jobTitle', op, value }) as const;

// Text conditions ignore case, so a bare "CTO" would match inside "Director" and "COO" inside
// "Coordinator": abbreviations match only as whole words, set off by spaces or a comma.
const titleWord = (word: string) =>
  [title('eq', word), title('starts_with', `${word} `), title('starts_with', `${word},`), title('ends_with', ` ${word}`),
    title('contains', ` ${word} `), title('contains', ` ${word},`)];

const titleHas = (phrases: string[], words: string[] = []) => ({
  any: [...phrases.map((phrase) => title('contains', phrase)), ...words.flatMap(titleWord)],
});

export const defaultScoringConfig: ScoringConfig = {
  primary: 'default',
  models: [
    {
      name: 'default',
      halfLifeDays: 30,
      grade: { fitA: 60, fitB: 40, engagement1: 60, engagement2: 30 },
      groups: [
        // A "VP, Director of …" title should count as one seniority, not two.
        { name: 'seniority', cap: 25 },
        { name: 'web', cap: 40 },
        { name: 'email', cap: 20 },
      ],
      emailDomain: {
        competitorDomains: [],
        competitorPoints: -50,
        businessPoints: 10,
        freeMailPoints: -10,
      },
      fit: [
        {
          id: 'c_level',
          label: 'C-level or founder',
          when: {
            any: [
              titleHas(['Chief', 'Founder'], ['CEO', 'CTO', 'CFO', 'CMO', 'COO', 'CRO', 'CIO']),
              { all: [title('contains', 'President'), { not: title('contains', 'Vice') }] },
            ],
          },
          points: 25,
          group: 'seniority',
        },
        {
          id: 'vp',
          label: 'VP or head of',
          when: titleHas(['Vice President', 'Head of'], ['VP', 'SVP', 'EVP']),
          points: 20,
          group: 'seniority',
        },
        { id: 'director', label: 'Director', when: titleHas(['Director']), points: 15, group: 'seniority' },
        { id: 'manager', label: 'Manager', when: titleHas(['Manager']), points: 5, group: 'seniority' },
        { id: 'student', label: 'Student or intern', when: titleHas(['Student', 'Internship'], ['Intern']), points: -15 },
        {
          id: 'target_country',
          label: 'Target country',
          when: {
            property: 'country',
            op: 'in',
            value: ['US', 'CA', 'GB', 'IE', 'DE', 'FR', 'NL', 'BE', 'SE', 'DK', 'NO', 'FI', 'AU', 'NZ'],
          },
          points: 15,
        },
        {
          id: 'enterprise',
          label: '1000+ employees',
          when: { property: 'company.employees', op: 'gte', value: 1000 },
          points: 20,
        },
        {
          id: 'mid_market',
          label: '200–999 employees',
          when: {
            all: [
              { property: 'company.employees', op: 'gte', value: 200 },
              { property: 'company.employees', op: 'lt', value: 1000 },
            ],
          },
          points: 15,
        },
        {
          id: 'smb',
          label: '50–199 employees',
          when: {
            all: [
              { property: 'company.employees', op: 'gte', value: 50 },
              { property: 'company.employees', op: 'lt', value: 200 },
            ],
          },
          points: 10,
        },
        {
          id: 'micro',
          label: 'Fewer than 10 employees',
          when: { property: 'company.employees', op: 'lt', value: 10 },
          points: -5,
        },
      ],
      engagement: [
        { id: 'form', label: 'Form submitted', event: 'form_submitted', points: 20, mode: 'repeatable', maxPoints: 40 },
        {
          id: 'demo_request',
          label: 'Demo requested',
          event: 'form_submitted',
          where: { property: 'formId', op: 'contains', value: 'demo' },
          points: 30,
          mode: 'once',
        },
        { id: 'meeting', label: 'Meeting booked', event: 'meeting_booked', points: 30, mode: 'once' },
        {
          id: 'pricing_page',
          label: 'Pricing page viewed',
          event: 'page_view',
          // The tracker and most senders give the whole address (https://acme.io/pricing?plan=team), some the path
          // alone: `contains` reads both, where `starts_with "/pricing"` never matched a tracked page view.
          where: { property: 'url', op: 'contains', value: '/pricing' },
          points: 10,
          mode: 'repeatable',
          maxPoints: 30,
          group: 'web',
        },
        {
          id: 'page_view',
          label: 'Page viewed',
          event: 'page_view',
          points: 1,
          mode: 'repeatable',
          maxPoints: 15,
          group: 'web',
        },
        { id: 'webinar', label: 'Webinar attended', event: 'webinar_attended', points: 15, mode: 'repeatable', maxPoints: 30 },
        { id: 'download', label: 'Asset downloaded', event: 'asset_downloaded', points: 10, mode: 'repeatable', maxPoints: 30 },
        { id: 'chat', label: 'Chat started', event: 'chat_started', points: 10, mode: 'once' },
        // Opens are not scored: privacy proxies open every email, so they say little about intent.
        {
          id: 'email_click',
          label: 'Email link clicked',
          event: 'email_clicked',
          points: 5,
          mode: 'repeatable',
          group: 'email',
        },
        { id: 'unsubscribe', label: 'Unsubscribed', event: 'custom:unsubscribed', points: -30, mode: 'once' },
      ],
    },
  ],
};

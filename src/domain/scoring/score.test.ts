import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAllScores, computeModelScores, computeScores, computeScoreTotals } from './score.ts';
import { NOW, configOf, daysAgo, eventOf, modelOf, viewOf } from './scoring.fixtures.ts';
import type { EngagementRule, ScoreModel } from './scoring-model.ts';

const formRule: EngagementRule = { id: 'form', label: 'Form', event: 'form_submitted', points: 20, mode: 'repeatable' };
const forms = (...ages: number[]) => ages.map((age) => eventOf('form_submitted', daysAgo(age)));
const engagementOf = (model: ScoreModel, events = forms()) => computeModelScores(viewOf({}, events), model, NOW);

describe('engagement decay', () => {
  const model = modelOf({ engagement: [formRule], halfLifeDays: 30 });

  it('halves an event’s points after exactly one half-life, quarters them after two', () => {
    expect(engagementOf(model, forms(0)).engagement).toBe(20);
    expect(engagementOf(model, forms(30)).engagement).toBe(10);
    expect(engagementOf(model, forms(60)).engagement).toBe(5);
  });

  it('keeps full points when the half-life is 0 or absent', () => {
    expect(engagementOf({ ...model, halfLifeDays: 0 }, forms(365)).engagement).toBe(20);
    expect(engagementOf(modelOf({ engagement: [formRule] }), forms(365)).engagement).toBe(20);
  });

  it('rounds to cents only at the end', () => {
    // Three events of 20 × 0.5^(10/30) = 15.874… each: 47.62 summed, not 3 × 15.87 = 47.61.
    expect(engagementOf(model, forms(10, 10, 10)).engagement).toBe(47.62);
  });

  it('ignores events after `now`, which have not happened yet in a replay', () => {
    expect(engagementOf(model, forms(-1)).engagement).toBe(0);
  });
});

describe('once and repeatable rules', () => {
  it('counts every matching event of a repeatable rule', () => {
    expect(engagementOf(modelOf({ engagement: [formRule] }), forms(1, 2, 3)).engagement).toBe(60);
  });

  it('counts a once rule a single time, at its most recent matching event', () => {
    const once = modelOf({ engagement: [{ ...formRule, mode: 'once' }], halfLifeDays: 30 });
    const result = engagementOf(once, forms(60, 0, 30));
    expect(result.engagement).toBe(20);
    expect(result.explanation).toEqual([{ rule: 'form', kind: 'engagement', points: 20, at: daysAgo(0) }]);
  });
});

describe('rule conditions on events', () => {
  const pricing: EngagementRule = {
    id: 'pricing',
    label: 'Pricing',
    event: 'page_view',
    where: { property: 'url', op: 'starts_with', value: '/pricing' },
    points: 10,
    mode: 'repeatable',
  };

  it('scores only events of the rule’s type whose properties match its `where`', () => {
    const events = [
      eventOf('page_view', daysAgo(1), { url: '/pricing/enterprise' }),
      eventOf('page_view', daysAgo(1), { url: '/blog/pricing' }),
      eventOf('form_submitted', daysAgo(1), { url: '/pricing' }),
    ];
    expect(engagementOf(modelOf({ engagement: [pricing] }), events).engagement).toBe(10);
  });

  it('counts only events inside the window, its start included', () => {
    const windowed = modelOf({ engagement: [{ ...formRule, within: { amount: 7, unit: 'days' } }] });
    expect(engagementOf(windowed, forms(3, 7, 7.01, 30)).engagement).toBe(40);
  });
});

describe('caps', () => {
  it('caps a rule’s decayed sum at maxPoints and scales its explanation lines to match', () => {
    const capped = modelOf({ engagement: [{ ...formRule, points: 10, maxPoints: 30 }] });
    const result = engagementOf(capped, forms(1, 2, 3, 4, 5));
    expect(result.engagement).toBe(30);
    expect(result.explanation.map((line) => line.points)).toEqual([6, 6, 6, 6, 6]);
  });

  it('applies a rule cap after decay', () => {
    const capped = modelOf({ engagement: [{ ...formRule, maxPoints: 30 }], halfLifeDays: 30 });
    // 20 + 10 = 30 after decay: within the cap.
    expect(engagementOf(capped, forms(0, 30)).engagement).toBe(30);
  });

  it('caps the sum of a group’s rules and leaves rules outside the group alone', () => {
    const model = modelOf({
      groups: [{ name: 'forms', cap: 25 }],
      engagement: [
        { ...formRule, group: 'forms' },
        { id: 'webinar', label: 'Webinar', event: 'webinar_attended', points: 15, mode: 'repeatable', group: 'forms' },
        { id: 'meeting', label: 'Meeting', event: 'meeting_booked', points: 30, mode: 'once' },
      ],
    });
    const events = [...forms(1), eventOf('webinar_attended', daysAgo(2)), eventOf('meeting_booked', daysAgo(3))];
    const result = engagementOf(model, events);
    expect(result.engagement).toBe(55);
    expect(result.explanation).toEqual([
      { rule: 'form', kind: 'engagement', points: 14.29, at: daysAgo(1) },
      { rule: 'webinar', kind: 'engagement', points: 10.71, at: daysAgo(2) },
      { rule: 'meeting', kind: 'engagement', points: 30, at: daysAgo(3) },
    ]);
  });

  it('caps the magnitude of a negative rule', () => {
    const penalty = modelOf({ engagement: [{ ...formRule, points: -10, maxPoints: 15 }] });
    expect(engagementOf(penalty, forms(1, 2, 3)).engagement).toBe(-15);
  });

  it('caps fit groups too', () => {
    const model = modelOf({
      groups: [{ name: 'seniority', cap: 25 }],
      fit: [
        { id: 'vp', label: 'VP', when: { property: 'jobTitle', op: 'contains', value: 'VP' }, points: 20, group: 'seniority' },
        { id: 'director', label: 'Director', when: { property: 'jobTitle', op: 'contains', value: 'Director' }, points: 15, group: 'seniority' },
      ],
    });
    expect(computeModelScores(viewOf({ jobTitle: 'VP, Director of Marketing' }), model, NOW).fit).toBe(25);
  });
});

describe('negative points', () => {
  it('subtract from engagement', () => {
    const model = modelOf({
      engagement: [formRule, { id: 'unsub', label: 'Unsubscribed', event: 'custom:unsubscribed', points: -30, mode: 'once' }],
    });
    expect(engagementOf(model, [...forms(1, 2), eventOf('custom:unsubscribed', daysAgo(1))]).engagement).toBe(10);
  });

  it('subtract from fit', () => {
    const model = modelOf({
      fit: [
        { id: 'us', label: 'US', when: { property: 'country', op: 'eq', value: 'US' }, points: 15 },
        { id: 'student', label: 'Student', when: { property: 'jobTitle', op: 'contains', value: 'Student' }, points: -20 },
      ],
    });
    expect(computeModelScores(viewOf({ country: 'US', jobTitle: 'Student' }), model, NOW).fit).toBe(-5);
  });
});

describe('email domain fit', () => {
  const model = modelOf({
    fit: [
      { id: 'ceo', label: 'CEO', when: { property: 'jobTitle', op: 'eq', value: 'CEO' }, points: 25 },
      { id: 'us', label: 'US', when: { property: 'country', op: 'eq', value: 'US' }, points: 15 },
      { id: 'enterprise', label: '1000+', when: { property: 'company.employees', op: 'gte', value: 1000 }, points: 20 },
    ],
    emailDomain: { competitorDomains: ['rival.io'], competitorPoints: -50, businessPoints: 10, freeMailPoints: -10 },
  });
  const fitOf = (email: string | null) =>
    computeModelScores(viewOf({ jobTitle: 'CEO', country: 'US', email }, [], { employees: 5000 }), model, NOW);

  it('a business address adds points to an otherwise great fit', () => {
    const result = fitOf('jane@acme.com');
    expect(result.fit).toBe(70);
    expect(result.grade).toBe('A3');
    expect(result.explanation).toContainEqual({ rule: 'email_domain:business', kind: 'fit', points: 10, at: null });
  });

  it('a competitor’s domain (or subdomain) subtracts points and keeps a great fit below fit B (40)', () => {
    for (const email of ['jane@rival.io', 'jane@eu.Rival.io']) {
      const result = fitOf(email);
      expect(result.fit).toBe(10);
      expect(result.grade).toBe('C3');
      expect(result.explanation).toContainEqual({ rule: 'email_domain:competitor', kind: 'fit', points: -50, at: null });
    }
  });

  it('a free mailbox scores lower than a business address', () => {
    expect(fitOf('jane@gmail.com').fit).toBe(50);
  });

  it('no email, no email-domain line', () => {
    expect(fitOf(null).explanation.some((line) => line.rule.startsWith('email_domain:'))).toBe(false);
  });
});

describe('explanation', () => {
  const model = modelOf({
    halfLifeDays: 30,
    groups: [{ name: 'web', cap: 25 }, { name: 'title', cap: 30 }],
    fit: [
      { id: 'vp', label: 'VP', when: { property: 'jobTitle', op: 'contains', value: 'VP' }, points: 20, group: 'title' },
      { id: 'sales', label: 'Sales', when: { property: 'jobTitle', op: 'contains', value: 'Sales' }, points: 15, group: 'title' },
      { id: 'intern', label: 'Intern', when: { property: 'jobTitle', op: 'contains', value: 'Intern' }, points: -10 },
    ],
    engagement: [
      { ...formRule, maxPoints: 50 },
      { id: 'pricing', label: 'Pricing', event: 'page_view', where: { property: 'url', op: 'starts_with', value: '/pricing' }, points: 10, mode: 'repeatable', group: 'web' },
      { id: 'view', label: 'View', event: 'page_view', points: 1, mode: 'repeatable', group: 'web', within: { amount: 30, unit: 'days' } },
      { id: 'click', label: 'Click', event: 'email_clicked', points: 5, mode: 'once' },
      { id: 'unsub', label: 'Unsubscribed', event: 'custom:unsubscribed', points: -30, mode: 'once' },
    ],
    emailDomain: { competitorDomains: [], competitorPoints: -50, businessPoints: 10, freeMailPoints: -10 },
  });
  const eventTypes = ['form_submitted', 'page_view', 'email_clicked', 'custom:unsubscribed'];
  const eventArb = fc.record({
    type: fc.constantFrom(...eventTypes),
    age: fc.double({ min: 0, max: 200, noNaN: true }),
    url: fc.constantFrom('/pricing', '/blog', '/'),
  });

  const generatedView = (events: { type: string; age: number; url: string }[], jobTitle: string) =>
    viewOf(
      { jobTitle, email: 'a@acme.com' },
      events.map((event) => eventOf(event.type, daysAgo(event.age), { url: event.url })),
    );

  it('adds up exactly to each score, with fit lines untimed and engagement lines at their event', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.constantFrom('VP Sales', 'Sales Intern', 'CTO'), (events, jobTitle) => {
        const view = generatedView(events, jobTitle);
        const result = computeModelScores(view, model, NOW);
        const sum = (kind: string) =>
          result.explanation.filter((line) => line.kind === kind).reduce((total, line) => total + line.points, 0);
        expect(sum('fit')).toBeCloseTo(result.fit, 9);
        expect(sum('engagement')).toBeCloseTo(result.engagement, 9);
        expect(result.explanation.every((line) => (line.kind === 'fit') === (line.at === null))).toBe(true);
        expect(result.explanation.every((line) => Number.isInteger(Math.round(line.points * 100)))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('has the totals and grade a lifecycle step computes without it', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.constantFrom('VP Sales', 'Sales Intern', 'CTO'), (events, jobTitle) => {
        const view = generatedView(events, jobTitle);
        const { fit, engagement, grade } = computeModelScores(view, model, NOW);
        expect(computeScoreTotals(view, configOf(model), NOW)).toEqual({ fit, engagement, grade });
      }),
      { numRuns: 200 },
    );
  });
});

describe('models', () => {
  const fitOnly = modelOf({ name: 'fit_only', fit: [{ id: 'de', label: 'DE', when: { property: 'country', op: 'eq', value: 'DE' }, points: 50 }] });
  const engagementOnly = modelOf({ name: 'engagement_only', engagement: [formRule] });
  const view = viewOf({ country: 'DE' }, forms(1));

  it('scores every model of the workspace by name', () => {
    const all = computeAllScores(view, configOf(fitOnly, engagementOnly), NOW);
    expect(all).toMatchObject({ fit_only: { fit: 50, engagement: 0 }, engagement_only: { fit: 0, engagement: 20 } });
  });

  it('computeScores gives the primary model’s scores', () => {
    expect(computeScores(view, { ...configOf(fitOnly, engagementOnly), primary: 'engagement_only' }, NOW).engagement).toBe(20);
  });
});

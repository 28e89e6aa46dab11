import { describe, expect, it } from 'vitest';
import { computeScores } from '../domain/scoring/score.ts';
import { NOW, daysAgo, eventOf, viewOf } from '../domain/scoring/scoring.fixtures.ts';
import type { ScoringConfig } from '../domain/scoring/scoring-model.ts';
import { defaultScoringConfig } from './scoring-default.ts';

const withCompetitors = (competitorDomains: string[]): ScoringConfig => ({
  ...defaultScoringConfig,
  models: defaultScoringConfig.models.map((model) => ({
    ...model,
    emailDomain: { ...model.emailDomain!, competitorDomains },
  })),
});

describe('the default model', () => {
  const seniorityOf = (jobTitle: string) =>
    computeScores(viewOf({ jobTitle }), defaultScoringConfig, NOW)
      .explanation.filter((line) => ['c_level', 'vp', 'director', 'manager', 'student'].includes(line.rule))
      .map((line) => line.rule);

  it.each([
    ['CTO', ['c_level']],
    ['cto & co-founder', ['c_level']],
    ['President', ['c_level']],
    ['Vice President, Sales', ['vp']],
    ['SVP Marketing', ['vp']],
    ['Director of Engineering', ['director']],
    ['Marketing Coordinator', []],
    ['International Sales Manager', ['manager']],
    ['Marketing Intern', ['student']],
  ])('reads seniority from the title as whole words: %s', (jobTitle, rules) => {
    expect(seniorityOf(jobTitle)).toEqual(rules);
  });

  it('qualifies a VP at a mid-size company who requested a demo and viewed pricing today (fit >= 40, engagement >= 60)', () => {
    const view = viewOf(
      { jobTitle: 'VP Marketing', country: 'US', email: 'vp@acme.com' },
      [
        eventOf('form_submitted', daysAgo(0), { formId: 'demo-request' }),
        eventOf('page_view', daysAgo(0), { url: '/pricing' }),
      ],
      { employees: 300 },
    );
    const result = computeScores(view, defaultScoringConfig, NOW);
    expect(result).toMatchObject({ fit: 60, engagement: 61, grade: 'A1' });
  });

  it('credits a pricing page view by its whole address, as the tracker records it, or by its path', () => {
    const pricing = (url: string) =>
      computeScores(viewOf({}, [eventOf('page_view', daysAgo(0), { url })]), defaultScoringConfig, NOW).explanation.some((line) => line.rule === 'pricing_page');
    expect(pricing('https://www.acme.io/pricing?plan=team')).toBe(true);
    expect(pricing('/pricing/enterprise')).toBe(true);
    expect(pricing('https://www.acme.io/blog/post-1')).toBe(false);
  });

  it('lets engagement fade below the MQL threshold a month later', () => {
    const view = viewOf({}, [
      eventOf('form_submitted', daysAgo(30), { formId: 'demo-request' }),
      eventOf('page_view', daysAgo(30), { url: '/pricing' }),
    ]);
    expect(computeScores(view, defaultScoringConfig, NOW).engagement).toBe(30.5);
  });

  it('counts a "VP, Director" title as one seniority (group cap 25)', () => {
    const seniority = computeScores(viewOf({ jobTitle: 'VP, Director of Marketing' }), defaultScoringConfig, NOW)
      .explanation.filter((line) => ['vp', 'director'].includes(line.rule));
    expect(seniority.reduce((sum, line) => sum + line.points, 0)).toBeCloseTo(25, 10);
  });

  it('keeps the best possible fit below the MQL threshold (fitScore >= 40) for a competitor’s address', () => {
    const best = viewOf({ jobTitle: 'CEO', country: 'US', email: 'jane@rival.io' }, [], { employees: 5000 });
    expect(computeScores(best, defaultScoringConfig, NOW).fit).toBe(70);
    expect(computeScores(best, withCompetitors(['rival.io']), NOW).fit).toBeLessThan(40);
  });
});

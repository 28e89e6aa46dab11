import { describe, it, expect } from 'vitest';
import { checkCampaignName } from './campaign-name.ts';
import type { CampaignNamingStandard } from './campaign-name.ts';

const standard: CampaignNamingStandard = {
  pattern: '{year}-{quarter}_{channel}_{region}_{name}',
  tokens: {
    channel: { values: ['email', 'paid_social', 'paid_search', 'webinar'] },
    region: { values: ['emea', 'na', 'apac', 'latam'] },
    name: { regex: '[a-z0-9]+(?:-[a-z0-9]+)*', description: 'lower-case words joined by hyphens' },
  },
};

describe('checkCampaignName', () => {
  it.each([
    ['2025-Q3_email_emea_spring-launch'],
    // A vocabulary value may contain the separator itself.
    ['2025-Q3_paid_social_na_retargeting'],
    ['2026-Q1_webinar_apac_ai-roadmap-2026'],
  ])('%j follows the standard', (name) => {
    expect(checkCampaignName(name, standard)).toEqual({ ok: true, problems: [] });
  });

  it.each([
    ['Summer promo', ['"Summer promo" does not follow the pattern {year}-{quarter}_{channel}_{region}_{name}']],
    ['2025-q3_email_emea_launch', ['quarter "q3" should be written "Q3"']],
    ['2025-Q3_Paid_Social_emea_launch', ['channel "Paid_Social" should be written "paid_social"']],
    [
      '2025-Q5_facebook_eu_Big Launch',
      [
        'quarter "Q5" is not one of: Q1, Q2, Q3, Q4',
        'channel "facebook" is not one of: email, paid_social, paid_search, webinar',
        'region "eu" is not one of: emea, na, apac, latam',
        'name "Big Launch" is not lower-case words joined by hyphens',
      ],
    ],
    ['25-Q1_email_na_x', ['year "25" is not a four-digit year']],
    ['2025-Q1_email_na_', ['name is empty']],
  ])('%j has problems', (name, problems) => {
    expect(checkCampaignName(name, standard)).toEqual({ ok: false, problems });
  });

  it('accepts any text without spaces for a token without a rule', () => {
    expect(checkCampaignName('acme|2025|x', { pattern: '{client}|{year}|{anything}' }).ok).toBe(true);
    expect(checkCampaignName('acme corp|2025|x', { pattern: '{client}|{year}|{anything}' }).problems).toEqual([
      'client "acme corp" is not text without spaces',
    ]);
  });
});

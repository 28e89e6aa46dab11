import { describe, expect, it } from 'vitest';
import type { Channel } from './channel.ts';
import { classifySource, type TouchInput } from './classify-source.ts';

const AT = '2025-03-01T10:00:00.000Z';
const SITE = 'acme.io';

type Case = {
  name: string;
  touch: TouchInput;
  site?: string | null;
  channel: Channel;
  source?: string | null;
  medium?: string | null;
  campaign?: string | null;
  referrerDomain?: string | null;
};

const CASES: Case[] = [
  // Search engines, organic
  { name: 'google organic', touch: { url: 'https://acme.io/pricing', referrer: 'https://www.google.com/' }, channel: 'organic_search', source: 'google', medium: null, referrerDomain: 'google.com' },
  { name: 'google country domain', touch: { referrer: 'https://www.google.co.uk/search?q=acme' }, channel: 'organic_search', source: 'google', referrerDomain: 'google.co.uk' },
  { name: 'google.com.br', touch: { referrer: 'https://www.google.com.br/' }, channel: 'organic_search', source: 'google' },
  { name: 'google app on android', touch: { referrer: 'android-app://com.google.android.googlequicksearchbox/' }, channel: 'organic_search', source: 'google' },
  { name: 'bing', touch: { referrer: 'https://www.bing.com/search?q=lead+lifecycle' }, channel: 'organic_search', source: 'bing' },
  { name: 'duckduckgo', touch: { referrer: 'https://duckduckgo.com/' }, channel: 'organic_search', source: 'duckduckgo' },
  { name: 'yahoo search', touch: { referrer: 'https://uk.search.yahoo.com/' }, channel: 'organic_search', source: 'yahoo' },
  { name: 'baidu mobile', touch: { referrer: 'https://m.baidu.com/s?word=crm' }, channel: 'organic_search', source: 'baidu' },
  { name: 'yandex', touch: { referrer: 'https://yandex.ru/search/?text=crm' }, channel: 'organic_search', source: 'yandex' },
  { name: 'ecosia', touch: { referrer: 'https://www.ecosia.org/' }, channel: 'organic_search', source: 'ecosia' },
  { name: 'brave search', touch: { referrer: 'https://search.brave.com/' }, channel: 'organic_search', source: 'brave' },
  { name: 'utm_medium organic', touch: { url: 'https://acme.io/?utm_source=google&utm_medium=organic' }, channel: 'organic_search', source: 'google', medium: 'organic' },

  // Paid search
  { name: 'google ads gclid', touch: { url: 'https://acme.io/demo?gclid=Cj0KCQiA', referrer: 'https://www.google.com/' }, channel: 'paid_search', source: 'google', medium: null },
  { name: 'google ads gclid and tags', touch: { url: 'https://acme.io/?utm_source=google&utm_medium=cpc&utm_campaign=brand_en&utm_term=lead+crm&gclid=abc' }, channel: 'paid_search', source: 'google', medium: 'cpc', campaign: 'brand_en' },
  { name: 'wbraid from iOS', touch: { url: 'https://acme.io/?wbraid=CjkKCQ' }, channel: 'paid_search', source: 'google' },
  { name: 'gbraid', touch: { url: 'https://acme.io/?gbraid=0AAAAA' }, channel: 'paid_search', source: 'google' },
  { name: 'microsoft ads msclkid', touch: { url: 'https://acme.io/?msclkid=5e2f' }, channel: 'paid_search', source: 'bing' },
  { name: 'gclid on a display campaign', touch: { url: 'https://acme.io/?gclid=x&utm_source=google&utm_medium=display' }, channel: 'other_campaigns', source: 'google', medium: 'display' },
  { name: 'dclid with cpm medium', touch: { url: 'https://acme.io/?dclid=x&utm_medium=cpm' }, channel: 'other_campaigns' },
  { name: 'cpc without click id', touch: { url: 'https://acme.io/?utm_source=capterra&utm_medium=cpc' }, channel: 'paid_search', source: 'capterra' },
  { name: 'medium paid_search', touch: { utm_source: 'bing', utm_medium: 'paid_search' }, channel: 'paid_search' },
  { name: 'medium PPC upper case', touch: { url: 'https://acme.io/?UTM_SOURCE=Google&UTM_MEDIUM=PPC&utm_campaign=Spring_Sale' }, channel: 'paid_search', source: 'google', medium: 'ppc', campaign: 'Spring_Sale' },

  // Paid social
  { name: 'facebook ads: fbclid with utm_medium=paid_social', touch: { url: 'https://acme.io/?utm_source=facebook&utm_medium=paid_social&utm_campaign=q1_retarget&fbclid=IwAR0' }, channel: 'paid_social', source: 'facebook', medium: 'paid_social', campaign: 'q1_retarget' },
  { name: 'facebook tagged cpc', touch: { utm_source: 'facebook', utm_medium: 'cpc' }, channel: 'paid_social', source: 'facebook' },
  { name: 'instagram cpm via alias', touch: { utm_source: 'ig', utm_medium: 'cpm' }, channel: 'paid_social', source: 'ig' },
  { name: 'fbclid with a generic paid medium', touch: { url: 'https://acme.io/?fbclid=x&utm_medium=paid' }, channel: 'paid_social', source: 'facebook' },
  { name: 'linkedin ads li_fat_id', touch: { url: 'https://acme.io/?li_fat_id=8d1c' }, channel: 'paid_social', source: 'linkedin' },
  { name: 'tiktok ads ttclid', touch: { url: 'https://acme.io/?ttclid=E.C.P' }, channel: 'paid_social', source: 'tiktok' },
  { name: 'Paid Social medium with spaces', touch: { utm_source: 'LinkedIn', utm_medium: 'Paid Social' }, channel: 'paid_social', source: 'linkedin', medium: 'paid social' },
  { name: 'social-paid medium', touch: { utm_source: 'reddit', utm_medium: 'social-paid' }, channel: 'paid_social' },
  { name: 'linkedin_sponsored source, first word', touch: { utm_source: 'linkedin_sponsored', utm_medium: 'cpc' }, channel: 'paid_social' },

  // Email
  { name: 'newsletter medium', touch: { url: 'https://acme.io/blog?utm_source=newsletter&utm_medium=email&utm_campaign=2025-03' }, channel: 'email', source: 'newsletter', medium: 'email', campaign: '2025-03' },
  { name: 'e-mail medium', touch: { utm_source: 'hubspot', utm_medium: 'E-Mail' }, channel: 'email', medium: 'e-mail' },
  { name: 'medium newsletter', touch: { utm_source: 'weekly', utm_medium: 'newsletter' }, channel: 'email' },
  { name: 'gmail webmail referrer', touch: { referrer: 'https://mail.google.com/' }, channel: 'email', source: 'gmail', referrerDomain: 'mail.google.com' },
  { name: 'outlook webmail referrer', touch: { referrer: 'https://outlook.office.com/mail/inbox' }, channel: 'email', source: 'outlook' },
  { name: 'gmail android app', touch: { referrer: 'android-app://com.google.android.gm' }, channel: 'email', source: 'gmail' },
  { name: 'hubspot email click id', touch: { url: 'https://acme.io/?_hsenc=p2ANqtz&_hsmi=1' }, channel: 'email', source: 'hubspot' },
  { name: 'utm_source newsletter without medium', touch: { utm_source: 'newsletter' }, channel: 'email' },

  // Organic social
  { name: 'linkedin organic', touch: { referrer: 'https://www.linkedin.com/feed/' }, channel: 'organic_social', source: 'linkedin', referrerDomain: 'linkedin.com' },
  { name: 'lnkd.in short link', touch: { referrer: 'https://lnkd.in/abc' }, channel: 'organic_social', source: 'linkedin' },
  { name: 't.co', touch: { referrer: 'https://t.co/xyz' }, channel: 'organic_social', source: 'x', referrerDomain: 't.co' },
  { name: 'x.com', touch: { referrer: 'https://x.com/' }, channel: 'organic_social', source: 'x' },
  { name: 'm.facebook.com', touch: { referrer: 'https://m.facebook.com/' }, channel: 'organic_social', source: 'facebook', referrerDomain: 'm.facebook.com' },
  { name: 'l.instagram.com', touch: { referrer: 'https://l.instagram.com/?u=https%3A%2F%2Facme.io' }, channel: 'organic_social', source: 'instagram' },
  { name: 'reddit', touch: { referrer: 'https://old.reddit.com/r/sales/' }, channel: 'organic_social', source: 'reddit' },
  { name: 'youtube', touch: { referrer: 'https://www.youtube.com/' }, channel: 'organic_social', source: 'youtube' },
  { name: 'pinterest country domain', touch: { referrer: 'https://www.pinterest.co.uk/' }, channel: 'organic_social', source: 'pinterest' },
  { name: 'fbclid alone is organic', touch: { url: 'https://acme.io/?fbclid=IwAR2' }, channel: 'organic_social', source: 'facebook', referrerDomain: null },
  { name: 'social medium', touch: { utm_source: 'mastodon', utm_medium: 'social' }, channel: 'organic_social' },
  { name: 'organic medium from a social network', touch: { utm_source: 'linkedin', utm_medium: 'organic' }, channel: 'organic_social' },

  // AI assistants
  { name: 'chatgpt referrer', touch: { referrer: 'https://chatgpt.com/' }, channel: 'ai_referral', source: 'chatgpt', referrerDomain: 'chatgpt.com' },
  { name: 'chatgpt tags its links', touch: { url: 'https://acme.io/?utm_source=chatgpt.com' }, channel: 'ai_referral', source: 'chatgpt.com' },
  { name: 'chat.openai.com', touch: { referrer: 'https://chat.openai.com/' }, channel: 'ai_referral', source: 'chatgpt' },
  { name: 'perplexity', touch: { referrer: 'https://www.perplexity.ai/' }, channel: 'ai_referral', source: 'perplexity' },
  { name: 'claude', touch: { referrer: 'https://claude.ai/' }, channel: 'ai_referral', source: 'claude' },
  { name: 'gemini.google.com is not google search', touch: { referrer: 'https://gemini.google.com/app' }, channel: 'ai_referral', source: 'gemini' },
  { name: 'copilot', touch: { referrer: 'https://copilot.microsoft.com/' }, channel: 'ai_referral', source: 'copilot' },

  // Referral
  { name: 'blog referral', touch: { referrer: 'https://blog.example.org/best-crms' }, channel: 'referral', source: 'blog.example.org', referrerDomain: 'blog.example.org' },
  { name: 'docs.google.com is not search', touch: { referrer: 'https://docs.google.com/document/d/1' }, channel: 'referral', source: 'docs.google.com' },
  { name: 'affiliate medium', touch: { utm_source: 'partnerstack', utm_medium: 'affiliate' }, channel: 'referral', source: 'partnerstack' },
  { name: 'bare referrer host', touch: { referrer: 'news.example.com/story' }, channel: 'referral', referrerDomain: 'news.example.com' },

  // Direct and internal navigation
  { name: 'nothing at all', touch: {}, channel: 'direct', source: null, medium: null, campaign: null, referrerDomain: null },
  { name: 'own-domain referrer', touch: { url: 'https://acme.io/pricing', referrer: 'https://acme.io/blog' }, channel: 'direct', referrerDomain: null },
  { name: 'own subdomain referrer', touch: { referrer: 'https://app.acme.io/login' }, site: SITE, channel: 'direct', source: null },
  { name: 'site domain given as a URL', touch: { referrer: 'https://www.acme.io/' }, site: 'https://www.acme.io', channel: 'direct' },
  { name: 'site defaults to the landing host', touch: { url: 'https://www.acme.io/', referrer: 'https://acme.io/docs' }, site: null, channel: 'direct' },
  { name: 'malformed URLs do not throw', touch: { url: 'http://%%%', referrer: 'not a url' }, channel: 'direct', referrerDomain: null },
  { name: 'junk referrer "null"', touch: { referrer: 'null' }, channel: 'direct' },
  { name: 'analytics placeholders are no tags', touch: { utm_source: '(direct)', utm_medium: '(none)' }, channel: 'direct', source: null, medium: null },

  // Offline
  { name: 'offline flag', touch: { offline: true }, channel: 'offline' },
  { name: 'tradeshow medium', touch: { utm_source: 'saastr', utm_medium: 'tradeshow', utm_campaign: 'saastr_2025' }, channel: 'offline', campaign: 'saastr_2025' },
  { name: 'print QR code', touch: { url: 'https://acme.io/?utm_source=flyer&utm_medium=print' }, channel: 'offline' },
  { name: 'event medium', touch: { utm_medium: 'Event' }, channel: 'offline', medium: 'event' },

  // Other campaigns
  { name: 'unknown medium', touch: { url: 'https://acme.io/?utm_source=partner_x&utm_medium=sponsorship&utm_campaign=q2' }, channel: 'other_campaigns', source: 'partner_x', campaign: 'q2' },
  { name: 'campaign tag only', touch: { utm_campaign: 'launch' }, channel: 'other_campaigns', source: null },
  { name: 'tags outrank the referring page', touch: { url: 'https://acme.io/?utm_source=g2&utm_medium=listing', referrer: 'https://www.g2.com/products/acme' }, channel: 'other_campaigns', source: 'g2', referrerDomain: 'g2.com' },
  { name: 'display medium without a social source', touch: { utm_source: 'gdn', utm_medium: 'banner' }, channel: 'other_campaigns' },
];

describe('classifySource', () => {
  it.each(CASES)('$name → $channel', ({ touch, site, channel, ...expected }) => {
    const result = classifySource(touch, AT, site === undefined ? SITE : site);
    expect(result.channel).toBe(channel);
    expect(result.at).toBe(AT);
    for (const key of ['source', 'medium', 'campaign', 'referrerDomain'] as const) {
      if (key in expected) expect(result[key], key).toBe(expected[key]);
    }
  });

  it('has a case for every channel', () => {
    expect(new Set(CASES.map((c) => c.channel)).size).toBe(10);
  });

  it('returns the full SourceTouch, keeping campaign and term as written', () => {
    expect(
      classifySource(
        { url: 'https://acme.io/?utm_source=Google&utm_medium=CPC&utm_campaign=Brand%20EN&utm_term=Lead%20CRM&gclid=1' },
        AT,
      ),
    ).toEqual({ channel: 'paid_search', campaign: 'Brand EN', source: 'google', medium: 'cpc', term: 'Lead CRM', referrerDomain: null, at: AT });
  });

  it('lets tags sent beside the URL win over the URL’s own', () => {
    const result = classifySource({ url: 'https://acme.io/?utm_source=bing&utm_medium=cpc', utm_source: 'facebook', utm_medium: null }, AT);
    expect(result).toMatchObject({ channel: 'paid_social', source: 'facebook', medium: 'cpc' });
  });
});

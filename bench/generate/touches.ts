// How people arrive: landing pages with referrers, UTM tags and click ids in a realistic source mix. Each
// template is classified once by the product's own classifier, so every generated event's `source` is what
// ingestion would have recorded for it.

import { classifySource } from '../../src/domain/attribution/classify-source.ts';
import type { SourceTouch } from '../../src/domain/contact.ts';
import { weighted, type Weighted } from './weighted.ts';

export type Touch = {
  url: string;
  referrer: string | null;
  source: Omit<SourceTouch, 'at'>;
  /** JSON text made once per template: events carry these as they are. */
  sourceJson: string;
  propertiesJson: string;
};

const SITE = 'https://www.example-saas.com';
const PAGES = ['/', '/pricing', '/product', '/product/lifecycle', '/product/scoring', '/blog/lead-scoring-guide', '/blog/mql-vs-sql', '/blog/attribution-models', '/customers', '/docs', '/demo', '/webinars/q2-pipeline', '/ebook/funnel-benchmarks', '/integrations', '/about'];
const CAMPAIGNS = ['spring-launch', 'q2-pipeline', 'brand-search', 'competitor-terms', 'retargeting-eu', 'newsletter-weekly', 'webinar-promo', 'ebook-benchmarks'];

type Arrival = { referrer: string | null; utm: Record<string, string>; click?: string };

// Share of arrivals per kind, roughly a B2B SaaS site's mix.
const ARRIVALS: readonly (readonly [(page: string, campaign: string) => Arrival, number])[] = [
  [() => ({ referrer: 'https://www.google.com/', utm: {} }), 30],
  [() => ({ referrer: 'https://www.bing.com/', utm: {} }), 3],
  [() => ({ referrer: null, utm: {} }), 18],
  [(_, campaign) => ({ referrer: 'https://www.google.com/', utm: { utm_source: 'google', utm_medium: 'cpc', utm_campaign: campaign, utm_term: 'lead management' }, click: 'gclid=Cj0KCQ' }), 12],
  [(_, campaign) => ({ referrer: null, utm: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: campaign } }), 11],
  [() => ({ referrer: 'https://www.linkedin.com/', utm: {} }), 5],
  [(_, campaign) => ({ referrer: 'https://www.linkedin.com/', utm: { utm_source: 'linkedin', utm_medium: 'paid_social', utm_campaign: campaign }, click: 'li_fat_id=a1b2' }), 6],
  [() => ({ referrer: 'https://news.ycombinator.com/', utm: {} }), 2],
  [() => ({ referrer: 'https://www.g2.com/products/example-saas/reviews', utm: {} }), 4],
  [() => ({ referrer: 'https://chatgpt.com/', utm: {} }), 3],
  [(_, campaign) => ({ referrer: 'https://partner-agency.io/blog', utm: { utm_source: 'partner-agency', utm_medium: 'referral', utm_campaign: campaign } }), 3],
  [(_, campaign) => ({ referrer: null, utm: { utm_source: 'saastr', utm_medium: 'event', utm_campaign: campaign } }), 2],
  [(_, campaign) => ({ referrer: 'https://www.facebook.com/', utm: { utm_source: 'facebook', utm_medium: 'cpc', utm_campaign: campaign }, click: 'fbclid=IwAR' }), 1],
];

const templateOf = (page: string, campaign: string, arrive: (page: string, campaign: string) => Arrival): Touch => {
  const arrival = arrive(page, campaign);
  const query = [...Object.entries(arrival.utm).map(([k, v]) => `${k}=${encodeURIComponent(v)}`), ...(arrival.click ? [arrival.click] : [])].join('&');
  const url = `${SITE}${page}${query ? `?${query}` : ''}`;
  const { at: _at, ...source } = classifySource({ url, referrer: arrival.referrer }, new Date(0).toISOString());
  const properties = { url, path: page, referrer: arrival.referrer, ...arrival.utm };
  return { url, referrer: arrival.referrer, source, sourceJson: JSON.stringify(source), propertiesJson: JSON.stringify(properties) };
};

/** Every arrival kind on every page with every campaign, weighted by the arrival mix and by page popularity. */
export const touchTemplates = (): Weighted<Touch> =>
  weighted(
    ARRIVALS.flatMap(([arrive, share]) =>
      PAGES.flatMap((page, rank) => CAMPAIGNS.map((campaign) => [templateOf(page, campaign, arrive), share / (rank + 1) / CAMPAIGNS.length] as const)),
    ),
  );

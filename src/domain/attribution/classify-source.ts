import type { SourceTouch } from '../contact.ts';
import type { Channel } from './channel.ts';
import { siteForHost, siteForSource, type KnownSite } from './known-sites.ts';
import { hostOf, isSameSite } from './parse-url.ts';
import {
  CLICK_ID_PARAMS,
  CLICK_IDS,
  TRACKING_PARAMS,
  UTM_PARAMS,
  cleanParamValue,
  type ClickIdRole,
  type TrackingParams,
} from './tracking-params.ts';
import { utmFromUrl } from './utm-from-url.ts';

/** A touch as ingestion sees it: the landing URL, the referrer, tags sent apart from the URL. */
export type TouchInput = TrackingParams & {
  url?: string | null;
  referrer?: string | null;
  /** Set by sources that are offline by nature: a badge scan, a list bought at a trade show. */
  offline?: boolean | null;
};

export type ClassifiedTouch = SourceTouch & { channel: Channel };

// Mediums are compared with case and separators folded, so "Paid Social", "paid-social" and
// "paid_social" are one medium.
const canonicalMedium = (medium: string): string => medium.toLowerCase().replace(/[\s_-]+/g, '_');

const mediums = (...names: string[]): ReadonlySet<string> => new Set(names);

const OFFLINE_MEDIUMS = mediums(
  'offline', 'event', 'events', 'print', 'tradeshow', 'trade_show', 'conference', 'direct_mail', 'directmail',
  'qr', 'qr_code', 'qrcode', 'flyer', 'billboard', 'ooh', 'tv', 'radio',
);
const PAID_SEARCH_MEDIUMS = mediums('paidsearch', 'paid_search', 'search_paid', 'sem');
const PAID_SOCIAL_MEDIUMS = mediums('paid_social', 'paidsocial', 'social_paid', 'socialpaid', 'social_ads', 'social_ad');
// Priced per click: almost always search ads, unless the source says a social network.
const PER_CLICK_MEDIUMS = mediums('cpc', 'ppc');
// Ads that were shown rather than searched for. There is no display channel: they are campaigns.
const DISPLAY_MEDIUMS = mediums('cpm', 'cpv', 'display', 'banner', 'video', 'programmatic', 'native');
const OTHER_PAID_MEDIUMS = mediums('paid', 'cpa', 'retargeting', 'remarketing', 'ads', 'ad');
const EMAIL_MEDIUMS = mediums('email', 'e_mail', 'mail', 'newsletter', 'emailing', 'edm');
const SOCIAL_MEDIUMS = mediums('social', 'social_media', 'socialmedia', 'sm', 'social_network', 'organic_social', 'social_organic');
const ORGANIC_SEARCH_MEDIUMS = mediums('organic', 'organic_search', 'seo');
const REFERRAL_MEDIUMS = mediums('referral', 'affiliate', 'affiliates', 'partner', 'partners');

const isPaidMedium = (medium: string): boolean =>
  PER_CLICK_MEDIUMS.has(medium) || DISPLAY_MEDIUMS.has(medium) || OTHER_PAID_MEDIUMS.has(medium);

/** Everything the channel rules look at, read once from the touch. */
type Signals = {
  offline: boolean;
  medium: string;
  tagged: boolean;
  clickRoles: ReadonlySet<ClickIdRole>;
  site: KnownSite | undefined;
  externalReferrer: boolean;
};

// The rules, in order; the first that matches decides.
const channelOf = (s: Signals): Channel => {
  const { medium, clickRoles } = s;
  const social = s.site?.kind === 'social' || clickRoles.has('social_ad') || clickRoles.has('social_link');
  if (s.offline || OFFLINE_MEDIUMS.has(medium)) return 'offline';
  if (PAID_SOCIAL_MEDIUMS.has(medium)) return 'paid_social';
  if (PAID_SEARCH_MEDIUMS.has(medium)) return 'paid_search';
  if (social && isPaidMedium(medium)) return 'paid_social';
  if (clickRoles.has('social_ad')) return 'paid_social';
  if (clickRoles.has('search_ad')) return DISPLAY_MEDIUMS.has(medium) ? 'other_campaigns' : 'paid_search';
  if (PER_CLICK_MEDIUMS.has(medium)) return 'paid_search';
  if (isPaidMedium(medium)) return 'other_campaigns';
  if (EMAIL_MEDIUMS.has(medium) || clickRoles.has('email') || s.site?.kind === 'email') return 'email';
  if (s.site?.kind === 'ai') return 'ai_referral';
  if (SOCIAL_MEDIUMS.has(medium) || social) return 'organic_social';
  if (s.site?.kind === 'search' || ORGANIC_SEARCH_MEDIUMS.has(medium)) return 'organic_search';
  if (REFERRAL_MEDIUMS.has(medium)) return 'referral';
  // A tagged link is a deliberate campaign, so its tags outrank the page it was clicked on.
  if (s.tagged) return 'other_campaigns';
  if (s.externalReferrer) return 'referral';
  return 'direct';
};

// Tags sent beside the URL win over the URL's own, parameter by parameter.
const trackingParamsOf = (touch: TouchInput): TrackingParams => {
  const fromUrl = utmFromUrl(touch.url);
  return Object.fromEntries(TRACKING_PARAMS.map((name) => [name, cleanParamValue(touch[name]) ?? fromUrl[name] ?? null]));
};

/**
 * Classifies a touch into a channel and records its campaign, source, medium, term and referrer.
 *
 * Rules, first match wins:
 * 1. `offline` flag or an offline medium (event, print, tradeshow, …) → offline.
 * 2. Paid: a paid-social medium → paid_social; a paid-search medium → paid_search; a paid medium
 *    (cpc, cpm, paid, …) from a social network → paid_social; a social click id that only ads carry
 *    (li_fat_id, ttclid, …) → paid_social; a search click id (gclid, msclkid, …) → paid_search,
 *    or other_campaigns when the medium says display; cpc/ppc → paid_search; other paid mediums
 *    (display, cpm without a social source) → other_campaigns.
 *    fbclid and twclid alone are organic_social: Facebook and X add them to every outbound link,
 *    organic posts included, so only a paid medium makes them paid.
 * 3. An email medium, an email platform's click id, or a webmail referrer → email.
 * 4. An AI assistant's referrer or utm_source → ai_referral (before search: gemini.google.com).
 * 5. A social medium, network (referrer or utm_source) or social click id → organic_social.
 * 6. A search engine (referrer or utm_source) or medium `organic` → organic_search.
 * 7. Medium referral/affiliate/partner → referral.
 * 8. Any other UTM tag → other_campaigns.
 * 9. A referrer outside the site (the site's domain and its subdomains are internal) → referral.
 * 10. Nothing → direct.
 *
 * The site's domain defaults to the landing URL's host. Source and medium are stored lower-case;
 * an untagged touch takes its source from its click id or referrer, and keeps a null medium.
 */
export const classifySource = (touch: TouchInput, at: string, siteDomain?: string | null): ClassifiedTouch => {
  const params = trackingParamsOf(touch);
  const site = hostOf(siteDomain) ?? hostOf(touch.url);
  const host = hostOf(touch.referrer);
  const referrerDomain = host !== null && (site === null || !isSameSite(host, site)) ? host : null;
  const referrerSite = referrerDomain === null ? undefined : siteForHost(referrerDomain);

  const clicked = CLICK_ID_PARAMS.filter((name) => params[name] !== null);
  const firstClick = clicked[0];
  const clickSource = firstClick === undefined ? null : CLICK_IDS[firstClick].source;
  const utmSource = params.utm_source?.toLowerCase() ?? null;
  const named = utmSource ?? clickSource;
  const medium = params.utm_medium?.toLowerCase() ?? null;

  const channel = channelOf({
    offline: touch.offline === true,
    medium: medium === null ? '' : canonicalMedium(medium),
    tagged: UTM_PARAMS.some((name) => params[name] !== null),
    clickRoles: new Set(clicked.map((name) => CLICK_IDS[name].role)),
    site: named === null ? referrerSite : siteForSource(named),
    externalReferrer: referrerDomain !== null,
  });

  return {
    channel,
    campaign: params.utm_campaign ?? null,
    source: named ?? referrerSite?.name ?? referrerDomain,
    medium,
    term: params.utm_term ?? null,
    referrerDomain,
    at,
  };
};

// The query parameters that tag a landing page: UTM tags, and the click ids ad and email platforms append.

export const UTM_PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/**
 * What a click id proves about the click.
 * - `search_ad`: a paid click on a search network.
 * - `social_ad`: a paid click on a social network; these ids are only ever added to ad clicks.
 * - `social_link`: the network adds it to every outbound link, organic posts included, so alone it
 *   proves the social network but not that anyone paid.
 * - `email`: an email platform's click tracking.
 */
export type ClickIdRole = 'search_ad' | 'social_ad' | 'social_link' | 'email';

export const CLICK_IDS = {
  gclid: { source: 'google', role: 'search_ad' },
  gbraid: { source: 'google', role: 'search_ad' },
  wbraid: { source: 'google', role: 'search_ad' },
  dclid: { source: 'google', role: 'search_ad' },
  msclkid: { source: 'bing', role: 'search_ad' },
  yclid: { source: 'yandex', role: 'search_ad' },
  li_fat_id: { source: 'linkedin', role: 'social_ad' },
  ttclid: { source: 'tiktok', role: 'social_ad' },
  rdt_cid: { source: 'reddit', role: 'social_ad' },
  sccid: { source: 'snapchat', role: 'social_ad' },
  epik: { source: 'pinterest', role: 'social_ad' },
  fbclid: { source: 'facebook', role: 'social_link' },
  twclid: { source: 'x', role: 'social_link' },
  mc_eid: { source: 'mailchimp', role: 'email' },
  _hsenc: { source: 'hubspot', role: 'email' },
  mkt_tok: { source: 'marketo', role: 'email' },
} as const satisfies Record<string, { source: string; role: ClickIdRole }>;

export type UtmParam = (typeof UTM_PARAMS)[number];
export type ClickIdParam = keyof typeof CLICK_IDS;
export type TrackingParam = UtmParam | ClickIdParam;

export const CLICK_ID_PARAMS = Object.keys(CLICK_IDS) as ClickIdParam[];
export const TRACKING_PARAMS: readonly TrackingParam[] = [...UTM_PARAMS, ...CLICK_ID_PARAMS];

export type TrackingParams = Partial<Record<TrackingParam, string | null>>;

const TRACKING_PARAM_SET: ReadonlySet<string> = new Set(TRACKING_PARAMS);
export const isTrackingParam = (name: string): name is TrackingParam => TRACKING_PARAM_SET.has(name);

/**
 * A parameter value worth keeping: trimmed, and not empty nor one of the analytics placeholders
 * such as "(not set)" or "(none)" that exports from other tools carry.
 */
export const cleanParamValue = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  if (!trimmed || /^\(.*\)$/.test(trimmed)) return null;
  return trimmed;
};

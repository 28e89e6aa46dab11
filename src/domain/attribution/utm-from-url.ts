import { cleanParamValue, isTrackingParam, type TrackingParams } from './tracking-params.ts';

const queryOf = (url: string): string => {
  const start = url.indexOf('?');
  if (start < 0) return '';
  const end = url.indexOf('#', start);
  return url.slice(start + 1, end < 0 ? undefined : end);
};

const fragmentOf = (url: string): string => {
  const start = url.indexOf('#');
  return start < 0 ? '' : url.slice(start + 1);
};

const collect = (query: string, into: TrackingParams): void => {
  for (const [rawName, rawValue] of new URLSearchParams(query)) {
    const name = rawName.trim().toLowerCase();
    const value = cleanParamValue(rawValue);
    if (value !== null && isTrackingParam(name) && into[name] === undefined) into[name] = value;
  }
};

/**
 * The UTM tags and click ids of a landing page URL. Trackers often send only the URL, so this reads
 * absolute and relative URLs alike without ever throwing. Parameter names are case-insensitive; the
 * first non-empty value wins; tags in the fragment (`#utm_source=…`, used by some single-page sites)
 * count only where the query string has none.
 */
export const utmFromUrl = (url: string | null | undefined): TrackingParams => {
  const params: TrackingParams = {};
  if (!url) return params;
  collect(queryOf(url), params);
  collect(fragmentOf(url), params);
  return params;
};

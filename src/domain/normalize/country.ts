import countries from 'i18n-iso-countries';
import { memoize } from './memo.ts';

// Languages whose country names we accept, in priority order when two languages disagree on a name.
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'no', 'fi', 'pl'] as const;

// What people type that is not an ISO name in any of those languages.
const ALIASES: Readonly<Record<string, string>> = {
  uk: 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  'northern ireland': 'GB', 'united kingdom of great britain and northern ireland': 'GB',
  america: 'US', 'united states of america': 'US', 'us of a': 'US', 'the states': 'US',
  holland: 'NL', 'the netherlands': 'NL',
  'south korea': 'KR', korea: 'KR', 'republic of korea': 'KR', 'north korea': 'KP',
  russia: 'RU', 'czech republic': 'CZ', 'ivory coast': 'CI', uae: 'AE', emirates: 'AE',
  vietnam: 'VN', 'viet nam': 'VN', taiwan: 'TW', 'hong kong': 'HK', macau: 'MO', laos: 'LA',
  iran: 'IR', syria: 'SY', bolivia: 'BO', venezuela: 'VE', tanzania: 'TZ', moldova: 'MD',
  'cape verde': 'CV', swaziland: 'SZ', burma: 'MM', 'east timor': 'TL', turkey: 'TR', turkiye: 'TR',
  'vatican city': 'VA', 'the vatican': 'VA', 'republic of ireland': 'IE', eire: 'IE',
  ksa: 'SA', prc: 'CN', 'mainland china': 'CN', 'the philippines': 'PH', 'slovak republic': 'SK',
};

/** Lower-case, no diacritics, no punctuation: "Côte d'Ivoire" and "cote divoire" meet. */
function foldCountryText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.'’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function buildNameIndex(): ReadonlyMap<string, string> {
  const index = new Map<string, string>();
  for (const [alias, code] of Object.entries(ALIASES)) index.set(foldCountryText(alias), code);
  for (const lang of LANGUAGES) {
    for (const [code, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
      for (const name of names) {
        const key = foldCountryText(name);
        if (!index.has(key)) index.set(key, code);
      }
    }
  }
  return index;
}

const NAME_INDEX = buildNameIndex();

// "N/A" must not become Namibia.
const PLACEHOLDER = /^\s*(n\/a|n\.a\.|none|unknown|null|-+|\?+)\s*$/i;

function lookUpCountry(raw: string): string | null {
  if (PLACEHOLDER.test(raw)) return null;
  const folded = foldCountryText(raw);
  if (folded === '') return null;
  const byName = NAME_INDEX.get(folded) ?? NAME_INDEX.get(folded.replace(/^the /, ''));
  if (byName !== undefined) return byName;
  const code = folded.replace(/ /g, '').toUpperCase();
  if (code.length === 2 && countries.isValid(code)) return code;
  if (code.length === 3) return countries.alpha3ToAlpha2(code) ?? null;
  return null;
}

/** ISO 3166-1 alpha-2 code for a country written as a code (alpha-2/alpha-3) or a name; null when unknown. */
export const normalizeCountry: (raw: string) => string | null = memoize(lookUpCountry);

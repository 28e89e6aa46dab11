import { parsePhoneNumberFromString, isSupportedCountry } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { memoize } from './memo.ts';

export type NormalizedPhone = { readonly e164: string; readonly valid: boolean; readonly country: string | null };

function asCountryCode(country: string | undefined): CountryCode | undefined {
  const upper = country?.trim().toUpperCase();
  return upper !== undefined && isSupportedCountry(upper) ? upper : undefined;
}

const INTERNATIONAL_00 = /^00(?=[1-9])/;
const DIGIT = /\d/;

function parsePhone(text: string, country: CountryCode | undefined): NormalizedPhone | null {
  const parsed = parsePhoneNumberFromString(text, country);
  if (parsed === undefined || !parsed.isPossible()) return null;
  return Object.freeze({ e164: parsed.number, valid: parsed.isValid(), country: parsed.country ?? null });
}

// Keyed by the default country and the text: parsing with the full metadata costs about 15 µs a number. A number
// written with its + calling code does not depend on the default country (libphonenumber only uses it to tell
// a national number), so it is keyed by its text alone and one +1 number in a file of many countries parses once.
const parseRemembered = memoize((key: string) => {
  const at = key.indexOf('\0');
  return parsePhone(key.slice(at + 1), at === 0 ? undefined : (key.slice(0, at) as CountryCode));
}, 50_000);

/**
 * Parses a phone number as typed (any punctuation, `00` or `+` international prefix, national
 * trunk prefix, extension) into E.164. `valid` uses the full metadata, so a well-formed number in
 * an unassigned range is reported invalid. Null when nothing of a possible length can be read.
 * The result is shared between calls with the same text and default country, and frozen.
 */
export function normalizePhone(raw: string, defaultCountry?: string): NormalizedPhone | null {
  // Writing the international prefix as 00 is common outside North America; libphonenumber only
  // reads it when the default country dials 00, so make it explicit.
  const text = raw.trim().replace(INTERNATIONAL_00, '+');
  if (!DIGIT.test(text)) return null;
  return parseRemembered(`${text.startsWith('+') ? '' : (asCountryCode(defaultCountry) ?? '')}\0${text}`);
}

import { parsePhoneNumberFromString, isSupportedCountry } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';

export type NormalizedPhone = { e164: string; valid: boolean; country: string | null };

function asCountryCode(country: string | undefined): CountryCode | undefined {
  const upper = country?.trim().toUpperCase();
  return upper !== undefined && isSupportedCountry(upper) ? upper : undefined;
}

/**
 * Parses a phone number as typed (any punctuation, `00` or `+` international prefix, national
 * trunk prefix, extension) into E.164. `valid` uses the full metadata, so a well-formed number in
 * an unassigned range is reported invalid. Null when nothing of a possible length can be read.
 */
export function normalizePhone(raw: string, defaultCountry?: string): NormalizedPhone | null {
  // Writing the international prefix as 00 is common outside North America; libphonenumber only
  // reads it when the default country dials 00, so make it explicit.
  const text = raw.trim().replace(/^00(?=[1-9])/, '+');
  if (!/\d/.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text, asCountryCode(defaultCountry));
  if (parsed === undefined || !parsed.isPossible()) return null;
  return { e164: parsed.number, valid: parsed.isValid(), country: parsed.country ?? null };
}

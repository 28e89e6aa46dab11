import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import { emailMatchKey, isFreeMailDomain } from '../normalize/email.ts';
import { jaroWinkler } from './jaro-winkler.ts';

/** Lower-case, without diacritics or punctuation, single-spaced: the form text is compared in. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Jaro-Winkler with everything below `floor` counted as 0 and the rest stretched to [0,1]:
 * unrelated names still score 0.5–0.7 raw, which would otherwise add up to a false match.
 */
export function stretchedJaroWinkler(a: string, b: string, floor: number): number {
  const similarity = jaroWinkler(a, b);
  return similarity <= floor ? 0 : (similarity - floor) / (1 - floor);
}

/** Double Metaphone codes (primary, alternate) of a name; empty codes for text without letters. */
export function phoneticCodes(name: string): readonly [string, string] {
  const letters = foldText(name).replace(/[^a-z]/g, '');
  if (letters === '') return ['', ''];
  const [primary, alternate] = doubleMetaphone(letters);
  return [primary, alternate];
}

/** 1 when the two names share a Double Metaphone code ("Smith"/"Schmidt"), else 0. */
export function phoneticSimilarity(a: readonly [string, string], b: readonly [string, string]): number {
  if (a[0] === '' || b[0] === '') return 0;
  return a[0] === b[0] || a[0] === b[1] || a[1] === b[0] || a[1] === b[1] ? 1 : 0;
}

export type EmailParts = { key: string; local: string; domain: string; freeMail: boolean };

export function emailParts(email: string): EmailParts | null {
  const key = emailMatchKey(email);
  if (key === null) return null;
  const at = key.lastIndexOf('@');
  const domain = key.slice(at + 1);
  return { key, local: key.slice(0, at), domain, freeMail: isFreeMailDomain(domain) };
}

/**
 * 1 for the same mailbox; 0 for another mailbox at the same company domain (jsmith@ and
 * jsmith2@acme.com are two people). Null otherwise: people keep work and personal addresses,
 * often several free ones, so two different addresses neither agree nor disagree.
 */
export function emailSimilarity(a: EmailParts, b: EmailParts): number | null {
  if (a.key === b.key) return 1;
  return a.domain === b.domain && !a.freeMail ? 0 : null;
}

/** The digits of a phone number without the national trunk prefix. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '').replace(/^0+/, '');
}

/**
 * 1 for the same number, including one written with and one without its country code
 * ("+1 415 555 0132" / "(415) 555-0132"); 0.8 when only the last 7 digits agree; else 0.
 */
export function phoneSimilarity(a: string, b: string): number {
  if (a.length < 7 || b.length < 7) return 0;
  if (a === b) return 1;
  const shorter = Math.min(a.length, b.length);
  if (shorter >= 8 && sameEnding(a, b, shorter)) return 1;
  return sameEnding(a, b, 7) ? 0.8 : 0;
}

// Compared in place: a scan compares numbers by the million, and slices would each be a new string.
function sameEnding(a: string, b: string, digits: number): boolean {
  for (let k = 1; k <= digits; k++) {
    if (a.charCodeAt(a.length - k) !== b.charCodeAt(b.length - k)) return false;
  }
  return true;
}

const LEGAL_FORMS: ReadonlySet<string> = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'plc',
  'gmbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'ab', 'as', 'oy', 'pty', 'pvt', 'kk', 'the', 'group', 'holding', 'holdings',
]);

/** A company name without legal form or "the": "The Acme Corp." and "ACME, Inc" both give "acme". */
export function foldCompanyName(name: string): string {
  const words = foldText(name.replace(/&/g, ' and ')).split(' ');
  const kept = words.filter((w) => !LEGAL_FORMS.has(w));
  return (kept.length > 0 ? kept : words).join(' ');
}

const CITY_ABBREVIATIONS: Readonly<Record<string, string>> = {
  st: 'saint', ste: 'sainte', ft: 'fort', mt: 'mount', pt: 'port', n: 'north', s: 'south', e: 'east', w: 'west',
};

/** A city name with common abbreviations spelled out: "St. Louis" and "Saint Louis" meet. */
export function foldCityName(name: string): string {
  return foldText(name)
    .split(' ')
    .map((w) => CITY_ABBREVIATIONS[w] ?? w)
    .join(' ');
}

import validator from 'validator';
import { isValid as isNotDisposable } from 'mailchecker';
import { FREE_MAIL_DOMAINS } from './free-mail-domains.ts';

export type NormalizedEmail = {
  email: string;
  valid: boolean;
  disposable: boolean;
  freeMail: boolean;
  domain: string | null;
};

// Google ignores dots in the local part and treats googlemail.com as gmail.com.
const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);

// Providers that deliver local+anything to local, so the tag does not name a different mailbox.
const PLUS_TAG_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com',
  'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'live.com', 'live.co.uk', 'msn.com',
  'icloud.com', 'me.com', 'mac.com',
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
  'fastmail.com', 'fastmail.fm', 'zoho.com', 'zohomail.com',
  'yandex.com', 'yandex.ru', 'ya.ru',
]);

export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL_DOMAINS.has(domain.trim().toLowerCase());
}

const ANGLED = /<([^<>]+)>\s*$/;
const MAILTO = /^mailto:/i;
const TRAILING_DOTS = /\.+$/;

/**
 * Cleans what people paste into an email field: whitespace, `mailto:`, `Name <address>`, case. Each pattern is
 * tried only when its telltale character is there: most cells are a bare address, and this runs for every row.
 */
function cleanEmail(raw: string): string {
  let s = raw.trim();
  if (s.includes('<')) {
    const angled = ANGLED.exec(s);
    if (angled?.[1] !== undefined) s = angled[1];
  }
  if (s.includes(':')) s = s.replace(MAILTO, '');
  const query = s.indexOf('?');
  if (query >= 0) s = s.slice(0, query);
  s = s.trim();
  if (s.endsWith('.')) s = s.replace(TRAILING_DOTS, '');
  return s.toLowerCase();
}

function splitAddress(email: string): { local: string; domain: string } | null {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return null;
  return { local: email.slice(0, at), domain: email.slice(at + 1) };
}

export function normalizeEmail(raw: string): NormalizedEmail {
  const email = cleanEmail(raw);
  const valid = validator.isEmail(email);
  const domain = valid ? (splitAddress(email)?.domain ?? null) : null;
  return {
    email,
    valid,
    disposable: valid && !isNotDisposable(email),
    freeMail: domain !== null && FREE_MAIL_DOMAINS.has(domain),
    domain,
  };
}

// Enough structure to key on. Full validation belongs to normalizeEmail; keys are computed for
// every record of a dedup scan, where validator's thorough check would dominate the cost.
const ADDRESS_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The key two addresses share when they reach the same mailbox: `John.Doe+x@googlemail.com` and
 * `johndoe@gmail.com` both give `johndoe@gmail.com`. Null when the input is not shaped like an address.
 */
export function emailMatchKey(email: string): string | null {
  const cleaned = cleanEmail(email);
  if (!ADDRESS_SHAPE.test(cleaned)) return null;
  const parts = splitAddress(cleaned);
  if (parts === null) return null;
  let { local, domain } = parts;
  if (PLUS_TAG_DOMAINS.has(domain)) local = local.split('+')[0] ?? local;
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

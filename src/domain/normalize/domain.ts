// A host name we accept as a company domain: dotted labels, an alphabetic (or punycode) top level.
const HOST = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/;

/** A host name as a domain: lower-case, without a trailing dot or a leading www; null when it is no domain. */
export function cleanHost(host: string): string | null {
  const lower = host.toLowerCase().replace(/\.$/, '').replace(/^www\d*\./, '');
  return HOST.test(lower) ? lower : null;
}

/**
 * The web domain of a company's site: "https://www.Acme.com/about" → "acme.com", "acme.co.uk:8080" →
 * "acme.co.uk". Subdomains other than www are kept: without the public suffix list, "blog.acme.com"
 * and "acme.co.uk" cannot be told apart safely. Null for junk, IP addresses and email addresses.
 */
export function domainFromUrl(raw: string): string | null {
  const text = raw.trim();
  if (text === '' || /\s/.test(text) || text.includes('@')) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text.replace(/^\/\//, '')}`;
  if (!URL.canParse(withScheme)) return null;
  const url = new URL(withScheme);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return cleanHost(url.hostname);
}

/** The text after the last '@' of an address, as written; null when it has no '@' after a local part. */
export function emailDomainText(email: string): string | null {
  const text = email.trim();
  const at = text.lastIndexOf('@');
  return at <= 0 ? null : text.slice(at + 1);
}

/** The domain part of an email address, lower-case; null when the address has none. */
export function domainFromEmail(email: string): string | null {
  const written = emailDomainText(email);
  return written === null ? null : cleanHost(written);
}

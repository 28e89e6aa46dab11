// Referrers and landing URLs arrive in every quality (bare hosts, app referrers, junk such as "null"):
// reading them must never throw.

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

const parseAbsolute = (text: string): URL | null => {
  try {
    if (HAS_SCHEME.test(text)) return new URL(text);
    if (text.startsWith('//')) return new URL(`https:${text}`);
    // A scheme-less value is a host only if it looks like one; "null" or "unknown" are not referrers.
    const url = new URL(`https://${text}`);
    return url.hostname.includes('.') ? url : null;
  } catch {
    return null;
  }
};

/** The lower-case host of a URL without a leading `www.` or trailing dot, or null when there is none. */
export const hostOf = (raw: string | null | undefined): string | null => {
  const text = raw?.trim();
  if (!text) return null;
  const host = parseAbsolute(text)
    ?.hostname.toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  return host ? host : null;
};

/** True when `host` is `domain` itself or one of its subdomains. */
export const isSameSite = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

import type { Queryable } from '../store/database.ts';
import { type ApiKeyPrincipal, findApiKeyByHash, hashApiKey } from '../store/workspaces.ts';

/** How long a verified key is trusted without asking the database again. */
export const API_KEY_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type ApiKeyCache = {
  /** The principal of a valid key, or null; a key verified less than the TTL ago is not looked up again. */
  find: (q: Queryable, key: string) => Promise<ApiKeyPrincipal | null>;
};

/**
 * Verified API keys, remembered briefly so a request does not cost a database round trip for its key. A key
 * revoked in the database (by any process) is refused once its entry expires, at most `ttlMs` later; a key that
 * was not valid is never remembered, so a key made a moment ago works on its first request. Entries are held by
 * the key's hash, never the key, and requests for the same key while it is being looked up share the lookup.
 */
export const apiKeyCache = (options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): ApiKeyCache => {
  const ttlMs = options.ttlMs ?? API_KEY_TTL_MS;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { principal: Promise<ApiKeyPrincipal | null>; expires: number }>();

  const find = (q: Queryable, key: string): Promise<ApiKeyPrincipal | null> => {
    const hash = hashApiKey(key);
    const at = now();
    const held = entries.get(hash);
    if (held && held.expires > at) return held.principal;
    if (held) entries.delete(hash);
    // The oldest entry goes first (a Map keeps insertion order), so a flood of keys cannot grow this without end.
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    const principal = findApiKeyByHash(q, hash);
    const entry = { principal, expires: at + ttlMs };
    entries.set(hash, entry);
    const forget = () => {
      if (entries.get(hash) === entry) entries.delete(hash);
    };
    principal.then((found) => found ?? forget(), forget);
    return principal;
  };

  return { find };
};

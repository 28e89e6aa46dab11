// Normalizing a large file meets the same countries, job titles and email domains over and over. A pure
// normalizer wrapped here computes each distinct text once; the cache is bounded, so a column of all
// distinct values (phones, say) costs a lookup per value and a fixed amount of memory, never more.

/**
 * `fn` remembered for up to `capacity` distinct keys; when full, the cache starts over. Results are shared
 * between calls, so `fn` must return values its callers never mutate.
 */
export const memoize = <T>(fn: (key: string) => T, capacity = 10_000): ((key: string) => T) => {
  const remembered = memoizeBy(fn, capacity);
  return (key: string): T => remembered(key, key);
};

/**
 * `fn` of a value, remembered by a key the caller derives from that value more cheaply than `fn` computes: every
 * value given with one key must have the same result. Bounded as `memoize` is.
 */
export const memoizeBy = <A, T>(fn: (value: A) => T, capacity = 10_000): ((key: string, value: A) => T) => {
  const cache = new Map<string, T>();
  return (key: string, value: A): T => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const result = fn(value);
    if (cache.size >= capacity) cache.clear();
    cache.set(key, result);
    return result;
  };
};

/**
 * `fn` of a value, remembered by what the caller derives from it (as memoizeBy): a small number (a kind) and two texts,
 * looked up one after the other in nested maps, not joined into one key, which for long texts (a URL and a referrer)
 * would be built and hashed anew on every call. Bounded as memoize is, by the results it holds.
 */
export const memoizeByTextPair = <A, T>(fn: (value: A) => T, capacity = 10_000): ((kind: number, first: string, second: string, value: A) => T) => {
  let root = new Map<number, Map<string, Map<string, T>>>();
  let held = 0;
  /** The map that holds the results under `kind` and `first`, made as needed. */
  const levelOf = (kind: number, first: string): Map<string, T> => {
    let byFirst = root.get(kind);
    if (byFirst === undefined) root.set(kind, (byFirst = new Map()));
    let bySecond = byFirst.get(first);
    if (bySecond === undefined) byFirst.set(first, (bySecond = new Map()));
    return bySecond;
  };
  return (kind: number, first: string, second: string, value: A): T => {
    let level = levelOf(kind, first);
    const hit = level.get(second);
    if (hit !== undefined || level.has(second)) return hit as T;
    const result = fn(value);
    if (held >= capacity) {
      root = new Map();
      held = 0;
      level = levelOf(kind, first);
    }
    level.set(second, result);
    held += 1;
    return result;
  };
};

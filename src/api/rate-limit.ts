// In-memory fixed-window counters: enough to stop a bot flood on one process. The clock is injectable
// so tests can cross a window without waiting.

export type RateLimiter = {
  /** Counts one hit for `key`; false when the key is over its limit in the current window. */
  hit: (key: string) => boolean;
};

const PRUNE_AT = 50_000;

export const fixedWindowLimiter = (limit: number, windowMs: number, clock: () => number = Date.now): RateLimiter => {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit: (key) => {
      const now = clock();
      if (windows.size > PRUNE_AT) for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
      const window = windows.get(key);
      if (!window || now - window.start >= windowMs) {
        windows.set(key, { start: now, count: 1 });
        return true;
      }
      window.count += 1;
      return window.count <= limit;
    },
  };
};

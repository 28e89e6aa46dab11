// A batch may name the same key twice (one person on two lines). One upsert statement may not touch a
// row twice, so rows are folded first: later non-empty values win, custom properties merge.

/** `lines[i]` is the file line where `rows[i]`'s key first appeared. */
export type Folded<T> = { rows: T[]; lines: number[]; updated: number; unchanged: number };

const foldValue = (earlier: unknown, later: unknown): unknown => {
  if (later === null || later === undefined) return earlier;
  if (Array.isArray(later)) return later.length > 0 ? later : earlier;
  if (typeof later === 'object' && typeof earlier === 'object' && earlier !== null && !Array.isArray(earlier)) return { ...earlier, ...later };
  return later;
};

/** Folds rows by key; a folded-in row counts as updated when it changed the result, else unchanged. */
export const foldByKey = <T extends Record<string, unknown>>(entries: readonly { key: string; row: T; line: number }[]): Folded<T> => {
  const byKey = new Map<string, T>();
  const lines = new Map<string, number>();
  let updated = 0;
  let unchanged = 0;
  for (const { key, row, line } of entries) {
    const earlier = byKey.get(key);
    if (earlier === undefined) {
      byKey.set(key, row);
      lines.set(key, line);
      continue;
    }
    const merged = Object.fromEntries(Object.keys({ ...earlier, ...row }).map((f) => [f, foldValue(earlier[f], row[f])])) as T;
    if (JSON.stringify(merged) === JSON.stringify(earlier)) unchanged++;
    else updated++;
    byKey.set(key, merged);
  }
  return { rows: [...byKey.values()], lines: [...lines.values()], updated, unchanged };
};

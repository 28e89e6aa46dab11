// Caps bound the magnitude of a sum of contributions. Capped contributions are scaled by the same
// factor, so the explanation keeps every line (each shrunk) and still adds up to the capped score.

export type RawContribution = { rule: string; points: number; at: string | null; group?: string };

/** The factor that brings `total` within ±cap (1 when it already is, or when there is no cap). */
const capFactor = (total: number, cap: number | undefined): number =>
  cap === undefined || Math.abs(total) <= cap ? 1 : cap / Math.abs(total);

const scale = <T extends RawContribution>(item: T, factor: number): T =>
  factor === 1 ? item : { ...item, points: item.points * factor };

export const capContributions = <T extends RawContribution>(items: readonly T[], cap: number | undefined): T[] => {
  const factor = capFactor(
    items.reduce((sum, item) => sum + item.points, 0),
    cap,
  );
  return items.map((item) => scale(item, factor));
};

/** Applies each group's cap to the contributions naming that group; others pass unchanged. */
export const capGroups = <T extends RawContribution>(
  items: readonly T[],
  groups: readonly { name: string; cap: number }[],
): T[] => {
  const totals = new Map<string, number>();
  for (const item of items) {
    if (item.group !== undefined) totals.set(item.group, (totals.get(item.group) ?? 0) + item.points);
  }
  const factors = new Map(groups.map((group) => [group.name, capFactor(totals.get(group.name) ?? 0, group.cap)]));
  return items.map((item) => scale(item, item.group === undefined ? 1 : (factors.get(item.group) ?? 1)));
};

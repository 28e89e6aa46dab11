import type { MatchComparator, MatchConfig } from './match-config.ts';
import { prepareRecord } from './prepared-record.ts';
import type { MatchRecord, PreparedRecord } from './prepared-record.ts';
import { fieldSimilarity, isShared, preparedTable } from './prepared-table.ts';
import type { PreparedTable } from './prepared-table.ts';

export type FieldComparison = { field: string; comparator: MatchComparator; similarity: number };

export type PairScore = {
  /** Weighted similarity in [0,1] over the fields both records have. */
  score: number;
  /** Compared fields whose similarity reached `thresholds.fieldMatch`. */
  matchedFields: FieldComparison[];
  /** True when the records matched better with first and last name swapped. */
  swapped: boolean;
};

/**
 * The order fields are compared in: config positions, fields of shared values (names, companies)
 * first, then the rest, each group heaviest first. Shared values' similarities are remembered and
 * their few values stay in the processor's cache, while every record's address and number lie
 * apart in memory: most pairs fall short on names alone and never read those.
 */
const evaluationOrders = new WeakMap<MatchConfig, readonly number[]>();

function evaluationOrder(config: MatchConfig): readonly number[] {
  let order = evaluationOrders.get(config);
  if (order === undefined) {
    order = sharedAndHeavyFirst(config);
    evaluationOrders.set(config, order);
  }
  return order;
}

// Apart from `evaluationOrder` so that its closure is not set up on every call.
function sharedAndHeavyFirst(config: MatchConfig): number[] {
  const rank = (i: number): number => (isShared(config.fields[i]!.comparator) ? 0 : 1);
  return config.fields.map((_, i) => i).sort((p, q) => rank(p) - rank(q) || config.fields[q]!.weight - config.fields[p]!.weight || p - q);
}

// Tiny slack so that summing in another order never prunes a pair whose exact score would reach the bar.
const ROUNDING = 1e-9;

/** The weighted score of compared similarities (NaN where a field was left out), summed in config order. */
function weightedScore(similarities: Float64Array, config: MatchConfig): number {
  let weighted = 0;
  let compared = 0;
  for (let i = 0; i < config.fields.length; i++) {
    const similarity = similarities[i] as number;
    if (Number.isNaN(similarity)) continue;
    weighted += similarity * config.fields[i]!.weight;
    compared += config.fields[i]!.weight;
  }
  const denominator = Math.max(compared, config.minComparedWeight);
  return denominator === 0 ? 0 : weighted / denominator;
}

// Reused across calls: a scan scores millions of pairs, nearly all of which are dropped.
let readings = [new Float64Array(8), new Float64Array(8)] as const;

/**
 * Scores two rows of a prepared table, or returns null when the score is certainly below `atLeast`:
 * the scan prepares its records once and calls this per candidate pair, nearly all of which fall short.
 *
 * Each reading (straight, then with `other`'s swappable fields swapped) stops as soon as it cannot
 * reach its bar: a field not yet compared adds at most its weight at similarity 1, and adding such a
 * field never lowers a score (weights are not negative). The crossed reading's bar is the straight
 * score, which it must beat.
 * One function without closures: a fractional number passed to another function, or a variable
 * a closure captures, is allocated on every call, and this runs per pair.
 */
export function scoreRows(table: PreparedTable, row: number, other: number, atLeast: number): PairScore | null {
  const { config, cells, width } = table;
  const fields = config.fields;
  if (readings[0].length < fields.length) readings = [new Float64Array(fields.length), new Float64Array(fields.length)];
  const order = evaluationOrder(config);
  const a = row * width;
  let best = Number.NEGATIVE_INFINITY;
  let bestReading = -1;
  for (let reading = 0; reading * fields.length < width; reading++) {
    const similarities = readings[reading as 0 | 1];
    const b = other * width + reading * fields.length;
    const bar = best > atLeast ? best : atLeast;
    let remaining = 0;
    for (let i = 0; i < fields.length; i++) {
      similarities[i] = Number.NaN;
      if ((cells[a + i] as number) >= 0 && (cells[b + i] as number) >= 0) remaining += fields[i]!.weight;
    }
    let weighted = 0;
    let compared = 0;
    let reached = true;
    for (let k = 0; k < order.length && reached; k++) {
      const i = order[k] as number;
      const x = cells[a + i] as number;
      const y = cells[b + i] as number;
      if (x < 0 || y < 0) continue;
      const weight = fields[i]!.weight;
      remaining -= weight;
      const similarity = fieldSimilarity(table, i, x, y);
      if (!Number.isNaN(similarity)) {
        similarities[i] = similarity;
        weighted += similarity * weight;
        compared += weight;
      }
      const denominator = Math.max(compared + remaining, config.minComparedWeight);
      reached = denominator === 0 || (weighted + remaining) / denominator + ROUNDING >= bar;
    }
    if (!reached) continue;
    const score = weightedScore(similarities, config);
    if (score > best) {
      best = score;
      bestReading = reading;
    }
  }
  if (bestReading < 0 || best < atLeast) return null;
  const similarities = readings[bestReading as 0 | 1];
  const matchedFields: FieldComparison[] = [];
  for (let i = 0; i < fields.length; i++) {
    const { field, comparator } = fields[i]!;
    const similarity = similarities[i] as number;
    if (similarity >= config.thresholds.fieldMatch) matchedFields.push({ field, comparator, similarity });
  }
  return { score: best, matchedFields, swapped: bestReading === 1 };
}

/** Scores two prepared records. */
export function scorePrepared(a: PreparedRecord, b: PreparedRecord, config: MatchConfig): PairScore {
  return scoreRows(preparedTable([a, b], config), 0, 1, Number.NEGATIVE_INFINITY) as PairScore;
}

/** Weighted similarity of two records: missing fields are left out and the weights renormalize. */
export function scorePair(a: MatchRecord, b: MatchRecord, config: MatchConfig): PairScore {
  return scorePrepared(prepareRecord(a, config), prepareRecord(b, config), config);
}

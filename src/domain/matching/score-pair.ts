import type { MatchComparator, MatchConfig } from './match-config.ts';
import { prepareRecord } from './prepared-record.ts';
import type { MatchRecord, PreparedRecord, PreparedValue } from './prepared-record.ts';
import { emailSimilarity, phoneSimilarity, phoneticSimilarity, stretchedJaroWinkler } from './similarity.ts';

export type FieldComparison = { field: string; comparator: MatchComparator; similarity: number };

export type PairScore = {
  /** Weighted similarity in [0,1] over the fields both records have. */
  score: number;
  /** Compared fields whose similarity reached `thresholds.fieldMatch`. */
  matchedFields: FieldComparison[];
  /** True when the records matched better with first and last name swapped. */
  swapped: boolean;
};

/** Similarity in [0,1], or null when the two values say nothing about each other. */
function compareValues(a: PreparedValue, b: PreparedValue, floor: number): number | null {
  switch (a.comparator) {
    case 'jaro_winkler':
    case 'company':
    case 'city':
      return b.comparator === a.comparator ? stretchedJaroWinkler(a.text, b.text, floor) : 0;
    case 'exact':
      return b.comparator === 'exact' && a.text === b.text ? 1 : 0;
    case 'phonetic':
      return b.comparator === 'phonetic' ? phoneticSimilarity(a.codes, b.codes) : 0;
    case 'email':
      return b.comparator === 'email' ? emailSimilarity(a.parts, b.parts) : 0;
    case 'phone':
      return b.comparator === 'phone' ? phoneSimilarity(a.digits, b.digits) : 0;
  }
}

// Comparators without an edit distance are cheap; scoring them first, the heaviest first, lets a
// pair whose remaining fields cannot lift it to the wanted score stop before any Jaro-Winkler.
const CHEAP: ReadonlySet<MatchComparator> = new Set(['exact', 'phonetic', 'email', 'phone']);

/** The order fields are compared in: config positions, cheap and heavy first. */
const evaluationOrders = new WeakMap<MatchConfig, readonly number[]>();

function evaluationOrder(config: MatchConfig): readonly number[] {
  let order = evaluationOrders.get(config);
  if (order === undefined) {
    const cost = (i: number): number => (CHEAP.has(config.fields[i]!.comparator) ? 0 : 1);
    order = config.fields.map((_, i) => i).sort((p, q) => cost(p) - cost(q) || config.fields[q]!.weight - config.fields[p]!.weight || p - q);
    evaluationOrders.set(config, order);
  }
  return order;
}

// Tiny slack so that summing in another order never prunes a pair whose exact score would reach the bar.
const ROUNDING = 1e-9;

/**
 * One orientation's similarities into `out` (NaN where a field is left out), or false as soon as
 * its score cannot reach `atLeast`: a field not yet compared adds at most its weight at similarity
 * 1, and adding such a field never lowers a score.
 */
function compareOrientation(a: PreparedRecord, bValues: readonly (PreparedValue | null)[], config: MatchConfig, atLeast: number, out: Float64Array): boolean {
  const fields = config.fields;
  let remaining = 0;
  for (let i = 0; i < fields.length; i++) {
    out[i] = Number.NaN;
    if (a.values[i] != null && bValues[i] != null) remaining += fields[i]!.weight;
  }
  let weighted = 0;
  let compared = 0;
  for (const i of evaluationOrder(config)) {
    const x = a.values[i];
    const y = bValues[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    const weight = fields[i]!.weight;
    remaining -= weight;
    const similarity = compareValues(x, y, config.jaroWinklerFloor);
    if (similarity !== null) {
      out[i] = similarity;
      weighted += similarity * weight;
      compared += weight;
    }
    const best = weighted + remaining;
    const denominator = Math.max(compared + remaining, config.minComparedWeight);
    if (denominator > 0 && best / denominator + ROUNDING < atLeast) return false;
  }
  return true;
}

/** The weighted score of compared similarities, summed in config order. */
function orientationScore(similarities: Float64Array, config: MatchConfig): number {
  let weighted = 0;
  let compared = 0;
  config.fields.forEach((f, i) => {
    const similarity = similarities[i] as number;
    if (Number.isNaN(similarity)) return;
    weighted += similarity * f.weight;
    compared += f.weight;
  });
  const denominator = Math.max(compared, config.minComparedWeight);
  return denominator === 0 ? 0 : weighted / denominator;
}

// Reused across calls: a scan scores millions of pairs, nearly all of which are dropped.
let straightSimilarities = new Float64Array(8);
let crossedSimilarities = new Float64Array(8);

/**
 * Scores two prepared records, or returns null when the score is certainly below `atLeast`
 * (comparison stops early then); the scan prepares each record once and calls this per candidate pair.
 */
export function scorePreparedAtLeast(a: PreparedRecord, b: PreparedRecord, config: MatchConfig, atLeast: number): PairScore | null {
  if (straightSimilarities.length < config.fields.length) {
    straightSimilarities = new Float64Array(config.fields.length);
    crossedSimilarities = new Float64Array(config.fields.length);
  }
  const straightReached = compareOrientation(a, b.values, config, atLeast, straightSimilarities);
  const straight = straightReached ? orientationScore(straightSimilarities, config) : Number.NEGATIVE_INFINITY;
  // The crossed reading only matters when it can beat the straight one (and reach `atLeast`).
  const crossedReached = b.swappedValues.length > 0 && compareOrientation(a, b.swappedValues, config, Math.max(atLeast, straight), crossedSimilarities);
  const crossed = crossedReached ? orientationScore(crossedSimilarities, config) : Number.NEGATIVE_INFINITY;
  if (!straightReached && !crossedReached) return null;
  const swapped = crossed > straight;
  const similarities = swapped ? crossedSimilarities : straightSimilarities;
  const score = swapped ? crossed : straight;
  if (score < atLeast) return null;
  const matchedFields: FieldComparison[] = [];
  config.fields.forEach((f, i) => {
    const similarity = similarities[i] as number;
    if (similarity >= config.thresholds.fieldMatch) matchedFields.push({ field: f.field, comparator: f.comparator, similarity });
  });
  return { score, matchedFields, swapped };
}

/** Scores two prepared records. */
export function scorePrepared(a: PreparedRecord, b: PreparedRecord, config: MatchConfig): PairScore {
  return scorePreparedAtLeast(a, b, config, Number.NEGATIVE_INFINITY) as PairScore;
}

/** Weighted similarity of two records: missing fields are left out and the weights renormalize. */
export function scorePair(a: MatchRecord, b: MatchRecord, config: MatchConfig): PairScore {
  return scorePrepared(prepareRecord(a, config), prepareRecord(b, config), config);
}

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

type Orientation = { score: number; comparisons: FieldComparison[] };

function scoreOrientation(a: PreparedRecord, bValues: readonly (PreparedValue | null)[], config: MatchConfig): Orientation {
  let weighted = 0;
  let compared = 0;
  const comparisons: FieldComparison[] = [];
  config.fields.forEach((f, i) => {
    const x = a.values[i];
    const y = bValues[i];
    if (x === null || x === undefined || y === null || y === undefined) return;
    const similarity = compareValues(x, y, config.jaroWinklerFloor);
    if (similarity === null) return;
    weighted += similarity * f.weight;
    compared += f.weight;
    comparisons.push({ field: f.field, comparator: f.comparator, similarity });
  });
  const denominator = Math.max(compared, config.minComparedWeight);
  return { score: denominator === 0 ? 0 : weighted / denominator, comparisons };
}

/** Scores two prepared records; the scan prepares each record once and calls this per candidate pair. */
export function scorePrepared(a: PreparedRecord, b: PreparedRecord, config: MatchConfig): PairScore {
  const straight = scoreOrientation(a, b.values, config);
  const crossed = b.swappedValues.length > 0 ? scoreOrientation(a, b.swappedValues, config) : null;
  const swapped = crossed !== null && crossed.score > straight.score;
  const best = swapped ? crossed : straight;
  return {
    score: best.score,
    matchedFields: best.comparisons.filter((c) => c.similarity >= config.thresholds.fieldMatch),
    swapped,
  };
}

/** Weighted similarity of two records: missing fields are left out and the weights renormalize. */
export function scorePair(a: MatchRecord, b: MatchRecord, config: MatchConfig): PairScore {
  return scorePrepared(prepareRecord(a, config), prepareRecord(b, config), config);
}

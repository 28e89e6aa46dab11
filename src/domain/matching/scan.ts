import { blockingValue, candidatePairs } from './blocking.ts';
import type { BlockingValue } from './blocking.ts';
import { DEFAULT_MATCH_CONFIG } from './match-config.ts';
import type { MatchConfig } from './match-config.ts';
import { prepareRecord, prepareValue } from './prepared-record.ts';
import type { MatchRecord, PrepareValue } from './prepared-record.ts';
import { scorePrepared } from './score-pair.ts';
import type { FieldComparison } from './score-pair.ts';

export type DuplicateCandidate = {
  a: string;
  b: string;
  score: number;
  matchedFields: FieldComparison[];
  swapped: boolean;
  action: 'auto_merge' | 'review';
};

/** Caches a function of (text, mode) for the length of one scan. */
function memoize<M extends string, R>(fn: (raw: string, mode: M) => R): (raw: string, mode: M) => R {
  const caches = new Map<M, Map<string, R>>();
  return (raw, mode) => {
    let cache = caches.get(mode);
    if (cache === undefined) {
      cache = new Map();
      caches.set(mode, cache);
    }
    if (cache.has(raw)) return cache.get(raw) as R;
    const value = fn(raw, mode);
    cache.set(raw, value);
    return value;
  };
}

/**
 * Likely duplicate pairs among the records: every pair that shares a blocking key is scored once,
 * and those at or above the review threshold are returned, best first.
 */
export function findDuplicateCandidates(records: readonly MatchRecord[], config: MatchConfig = DEFAULT_MATCH_CONFIG): DuplicateCandidate[] {
  const valueOf: BlockingValue = memoize(blockingValue);
  const prepareText = memoize(prepareValue);
  const prepare: PrepareValue = (raw, comparator) => (raw === null ? null : prepareText(raw, comparator));
  const prepared = records.map((record) => prepareRecord(record, config, prepare));
  const candidates: DuplicateCandidate[] = [];
  for (const [i, j] of candidatePairs(records, config, valueOf)) {
    const a = prepared[i];
    const b = prepared[j];
    if (a === undefined || b === undefined) continue;
    const { score, matchedFields, swapped } = scorePrepared(a, b, config);
    if (score < config.thresholds.review) continue;
    const action = score >= config.thresholds.autoMerge ? 'auto_merge' : 'review';
    candidates.push({ a: a.id, b: b.id, score, matchedFields, swapped, action });
  }
  return candidates.sort((p, q) => q.score - p.score || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
}

import { BLOCKING_SOURCE, candidatePairsByRecord, preparedBlockingValue } from './blocking.ts';
import type { BlockingValue } from './blocking.ts';
import { DEFAULT_MATCH_CONFIG } from './match-config.ts';
import type { MatchConfig } from './match-config.ts';
import { prepareValue } from './prepared-record.ts';
import type { MatchRecord, PrepareValue } from './prepared-record.ts';
import { preparedTableOfColumns } from './prepared-table.ts';
import { scoreRows } from './score-pair.ts';
import type { FieldComparison } from './score-pair.ts';
import { textColumns } from './text-columns.ts';

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
    let value = cache.get(raw);
    if (value === undefined) {
      value = fn(raw, mode);
      cache.set(raw, value);
    }
    return value;
  };
}

/**
 * Likely duplicate pairs among the records: every pair that shares a blocking key is scored once
 * (or until it certainly falls short), and those at or above the review threshold are returned, best first.
 */
export function findDuplicateCandidates(records: readonly MatchRecord[], config: MatchConfig = DEFAULT_MATCH_CONFIG): DuplicateCandidate[] {
  const prepareText = memoize(prepareValue);
  const prepare: PrepareValue = (raw, comparator) => (raw === null ? null : prepareText(raw, comparator));
  // Blocking keys read the values prepared for scoring: an address is normalized once per scan.
  const valueOf: BlockingValue = (raw, transform) => preparedBlockingValue(prepareText(raw, BLOCKING_SOURCE[transform]), transform);
  const columns = textColumns(records);
  const table = preparedTableOfColumns(records, config, columns, prepare);
  const candidates: DuplicateCandidate[] = [];
  const { starts, partners } = candidatePairsByRecord(records, config, valueOf, columns);
  for (let i = 0; i < records.length; i++) {
    for (let k = starts[i] as number; k < (starts[i + 1] as number); k++) {
      const j = partners[k] as number;
      const scored = scoreRows(table, i, j, config.thresholds.review);
      if (scored === null) continue;
      const { score, matchedFields, swapped } = scored;
      const action = score >= config.thresholds.autoMerge ? 'auto_merge' : 'review';
      candidates.push({ a: table.recordIds[i] as string, b: table.recordIds[j] as string, score, matchedFields, swapped, action });
    }
  }
  return candidates.sort((p, q) => q.score - p.score || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
}

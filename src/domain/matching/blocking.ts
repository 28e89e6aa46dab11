import { emailMatchKey } from '../normalize/email.ts';
import type { BlockingRule, BlockingTransform, MatchConfig } from './match-config.ts';
import { fieldText } from './prepared-record.ts';
import type { MatchRecord } from './prepared-record.ts';
import { foldCompanyName, foldText, phoneDigits, phoneticCodes } from './similarity.ts';

/** Reads one part of a blocking key from a field's raw text; null when it yields nothing. */
export type BlockingValue = (raw: string, transform: BlockingTransform) => string | null;

export function blockingValue(raw: string, transform: BlockingTransform): string | null {
  let key: string | null;
  switch (transform) {
    case 'exact': key = foldText(raw); break;
    case 'phonetic': key = phoneticCodes(raw)[0]; break;
    case 'initial': key = foldText(raw).charAt(0); break;
    case 'email': key = emailMatchKey(raw); break;
    case 'phone_last7': {
      const digits = phoneDigits(raw);
      key = digits.length >= 7 ? digits.slice(-7) : null;
      break;
    }
    case 'company': key = foldCompanyName(raw); break;
  }
  return key === null || key === '' ? null : key;
}

function ruleKey(record: MatchRecord, rule: BlockingRule, valueOf: BlockingValue): string | null {
  const parts: string[] = [];
  for (const part of rule.parts) {
    const raw = fieldText(record, part.field);
    const value = raw === null ? null : valueOf(raw, part.transform);
    if (value === null) return null;
    parts.push(value);
  }
  if (rule.unordered === true) parts.sort();
  return `${rule.name}:${parts.join('|')}`;
}

/** The blocking keys of one record, one per rule whose fields it has. */
export function blockingKeys(record: MatchRecord, rules: readonly BlockingRule[], valueOf: BlockingValue = blockingValue): string[] {
  return rules.flatMap((rule) => {
    const key = ruleKey(record, rule, valueOf);
    return key === null ? [] : [key];
  });
}

/** Record indexes grouped by blocking key; blocks of one record are dropped (nothing to compare). */
export function buildBlocks(records: readonly MatchRecord[], rules: readonly BlockingRule[], valueOf: BlockingValue = blockingValue): number[][] {
  const blocks = new Map<string, number[]>();
  records.forEach((record, index) => {
    for (const key of blockingKeys(record, rules, valueOf)) {
      const block = blocks.get(key);
      if (block === undefined) blocks.set(key, [index]);
      else block.push(index);
    }
  });
  return [...blocks.values()].filter((b) => b.length > 1);
}

// Oversized blocks are ordered by what identifies a person apart from the exact keys (email and
// phone have blocks of their own): names, the swappable pair in either order, then the rest.
const SORTED_COMPARATORS: ReadonlySet<string> = new Set(['jaro_winkler', 'phonetic', 'company', 'city', 'exact']);

function sortKey(record: MatchRecord, config: MatchConfig): string {
  const swappable = new Set<string>(config.swappable ?? []);
  const names = [...swappable].map((f) => foldText(fieldText(record, f) ?? '')).sort();
  const rest = config.fields
    .filter((f) => SORTED_COMPARATORS.has(f.comparator) && !swappable.has(f.field))
    .map((f) => foldText(fieldText(record, f.field) ?? ''));
  return [...names, ...rest].join('|');
}

/**
 * Every pair of record indexes (lower first) that shares a block, each once. Small blocks give all
 * their pairs; oversized ones only neighbours within the sorted window, so the cost stays near linear.
 * `valueOf` lets a scan pass a memoized `blockingValue`: names repeat, and phonetic codes are not free.
 */
export function candidatePairs(records: readonly MatchRecord[], config: MatchConfig, valueOf: BlockingValue = blockingValue): [number, number][] {
  const n = records.length;
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  const add = (x: number, y: number): void => {
    const [i, j] = x < y ? [x, y] : [y, x];
    const id = i * n + j;
    if (seen.has(id)) return;
    seen.add(id);
    pairs.push([i, j]);
  };
  const sortKeys = new Map<number, string>();
  const keyOf = (index: number): string => {
    let key = sortKeys.get(index);
    if (key === undefined) {
      key = sortKey(records[index] as MatchRecord, config);
      sortKeys.set(index, key);
    }
    return key;
  };
  for (const block of buildBlocks(records, config.blocking, valueOf)) {
    if (block.length <= config.maxBlockSize) {
      for (let x = 0; x < block.length; x++) {
        for (let y = x + 1; y < block.length; y++) add(block[x] as number, block[y] as number);
      }
      continue;
    }
    const sorted = [...block].sort((p, q) => (keyOf(p) < keyOf(q) ? -1 : keyOf(p) > keyOf(q) ? 1 : p - q));
    for (let x = 0; x < sorted.length; x++) {
      const end = Math.min(sorted.length, x + config.blockWindow);
      for (let y = x + 1; y < end; y++) add(sorted[x] as number, sorted[y] as number);
    }
  }
  return pairs;
}

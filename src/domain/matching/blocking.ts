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

function sortKeyReader(config: MatchConfig, valueOf: BlockingValue): (record: MatchRecord) => string {
  const swappable = [...new Set<string>(config.swappable ?? [])];
  const rest = config.fields.filter((f) => SORTED_COMPARATORS.has(f.comparator) && !swappable.includes(f.field)).map((f) => f.field);
  const folded = (record: MatchRecord, field: string): string => {
    const raw = fieldText(record, field);
    return (raw === null ? null : valueOf(raw, 'exact')) ?? '';
  };
  return (record) => [...swappable.map((f) => folded(record, f)).sort(), ...rest.map((f) => folded(record, f))].join('|');
}

/** A growing list of pair ids; a typed array, because a 100k scan yields millions. */
function pairList(): { push: (id: number) => void; done: () => Float64Array } {
  let ids = new Float64Array(1024);
  let length = 0;
  return {
    push: (id) => {
      if (length === ids.length) {
        const grown = new Float64Array(ids.length * 2);
        grown.set(ids);
        ids = grown;
      }
      ids[length++] = id;
    },
    done: () => ids.subarray(0, length),
  };
}

/**
 * Every pair of record indexes (i < j) that shares a block, each once, as the number `i * n + j`
 * for n records, ascending. Small blocks give all their pairs; oversized ones only neighbours
 * within the sorted window, so the cost stays near linear. Pairs found in several blocks are
 * collected as numbers and deduplicated by one sort rather than through a set of millions.
 * `valueOf` lets a scan pass a memoized `blockingValue`: names repeat, and phonetic codes are not free.
 */
export function candidatePairIds(records: readonly MatchRecord[], config: MatchConfig, valueOf: BlockingValue = blockingValue): Float64Array {
  const n = records.length;
  const found = pairList();
  const add = (x: number, y: number): void => found.push(x < y ? x * n + y : y * n + x);
  const sortKeyOf = sortKeyReader(config, valueOf);
  const sortKeys: (string | undefined)[] = [];
  const keyOf = (index: number): string => (sortKeys[index] ??= sortKeyOf(records[index] as MatchRecord));
  for (const block of buildBlocks(records, config.blocking, valueOf)) {
    if (block.length <= config.maxBlockSize) {
      for (let x = 0; x < block.length; x++) {
        for (let y = x + 1; y < block.length; y++) add(block[x] as number, block[y] as number);
      }
      continue;
    }
    for (const index of block) keyOf(index);
    const sorted = block.sort((p, q) => {
      const kp = sortKeys[p] as string;
      const kq = sortKeys[q] as string;
      return kp < kq ? -1 : kp > kq ? 1 : p - q;
    });
    for (let x = 0; x < sorted.length; x++) {
      const end = Math.min(sorted.length, x + config.blockWindow);
      for (let y = x + 1; y < end; y++) add(sorted[x] as number, sorted[y] as number);
    }
  }
  const ids = found.done().sort();
  let unique = 0;
  for (let k = 0; k < ids.length; k++) {
    if (k === 0 || ids[k] !== ids[k - 1]) ids[unique++] = ids[k] as number;
  }
  return ids.subarray(0, unique);
}

/** Every pair of record indexes (lower first) that shares a block, each once, in index order. */
export function candidatePairs(records: readonly MatchRecord[], config: MatchConfig, valueOf: BlockingValue = blockingValue): [number, number][] {
  const n = records.length;
  return Array.from(candidatePairIds(records, config, valueOf), (id) => {
    const i = Math.floor(id / n);
    return [i, id - i * n];
  });
}

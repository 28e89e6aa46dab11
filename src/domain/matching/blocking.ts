import type { BlockingRule, BlockingTransform, MatchComparator, MatchConfig } from './match-config.ts';
import { fieldText, prepareValue } from './prepared-record.ts';
import type { MatchRecord, PreparedValue } from './prepared-record.ts';
import { perRecord, textColumns } from './text-columns.ts';
import type { TextColumns } from './text-columns.ts';

/** Reads one part of a blocking key from a field's raw text; null when it yields nothing. */
export type BlockingValue = (raw: string, transform: BlockingTransform) => string | null;

/** The prepared form each transform reads its key from, so that text is normalized one way only. */
export const BLOCKING_SOURCE: Readonly<Record<BlockingTransform, MatchComparator>> = {
  exact: 'exact', initial: 'exact', phonetic: 'phonetic', email: 'email', phone_last7: 'phone', company: 'company',
};

/** A blocking key part read from a value prepared for `BLOCKING_SOURCE[transform]`. */
export function preparedBlockingValue(value: PreparedValue | null, transform: BlockingTransform): string | null {
  if (value === null) return null;
  switch (value.comparator) {
    case 'exact':
    case 'jaro_winkler':
    case 'company':
    case 'city':
      return transform === 'initial' ? value.text.charAt(0) : value.text;
    case 'phonetic': return value.codes[0];
    case 'email': return value.parts.key;
    case 'phone': return value.digits.slice(-7);
  }
}

export function blockingValue(raw: string, transform: BlockingTransform): string | null {
  return preparedBlockingValue(prepareValue(raw, BLOCKING_SOURCE[transform]), transform);
}

/** One part of a record's blocking key; null when the field is missing or yields nothing. */
function partValue(record: MatchRecord, part: BlockingRule['parts'][number], valueOf: BlockingValue): string | null {
  const raw = fieldText(record, part.field);
  return raw === null ? null : valueOf(raw, part.transform);
}

/** A record's key under one rule, without the rule's name; null when a part is missing. */
function ruleValue(record: MatchRecord, rule: BlockingRule, valueOf: BlockingValue): string | null {
  const values: string[] = [];
  for (const part of rule.parts) {
    const value = partValue(record, part, valueOf);
    if (value === null) return null;
    values.push(value);
  }
  if (rule.unordered === true) sortRun(values, 0, values.length);
  return values.length === 1 ? (values[0] as string) : values.join('|');
}

/**
 * Sorts `values[from..to)` in place by insertion: the runs sorted here (a rule's two or three parts,
 * one record's partners) are short, and Array#sort's setup costs more than sorting them.
 */
function sortRun<T extends string | number>(values: { [index: number]: T }, from: number, to: number): void {
  for (let k = from + 1; k < to; k++) {
    const value = values[k] as T;
    let m = k - 1;
    while (m >= from && (values[m] as T) > value) {
      values[m + 1] = values[m] as T;
      m--;
    }
    values[m + 1] = value;
  }
}

/** The blocking keys of one record, one per rule whose fields it has. */
export function blockingKeys(record: MatchRecord, rules: readonly BlockingRule[], valueOf: BlockingValue = blockingValue): string[] {
  return rules.flatMap((rule) => {
    const value = ruleValue(record, rule, valueOf);
    return value === null ? [] : [`${rule.name}:${value}`];
  });
}

/** Numbers things in the order they are first seen. */
function numbering<T>(): { numberOf: (thing: T) => number; count: () => number } {
  const numbers = new Map<T, number>();
  return {
    numberOf: (thing) => {
      let number = numbers.get(thing);
      if (number === undefined) {
        number = numbers.size;
        numbers.set(thing, number);
      }
      return number;
    },
    count: () => numbers.size,
  };
}

/**
 * Each record's key under one rule as a number, -1 where a part is missing: equal keys (as
 * `blockingKeys` spells them) get equal numbers. Part values are numbered, and a rule of several
 * parts numbers the tuples of its parts' numbers, so a 100k scan hashes no joined strings.
 */
function ruleKeyNumbers(columns: TextColumns, rule: BlockingRule, valueOf: BlockingValue, values: ReturnType<typeof numbering<string>>): Int32Array {
  const parts = rule.parts.map((part) =>
    perRecord(columns(part.field), (text) => {
      const value = valueOf(text, part.transform);
      return value === null ? -1 : values.numberOf(value);
    }),
  );
  const n = parts[0]?.length ?? 0;
  const scratch = new Int32Array(parts.length);
  for (let index = 0; index < n; index++) {
    for (let p = 0; p < parts.length; p++) scratch[p] = parts[p]![index] as number;
    if (scratch.includes(-1)) scratch.fill(-1);
    else if (rule.unordered === true) sortRun(scratch, 0, scratch.length);
    for (let p = 0; p < parts.length; p++) parts[p]![index] = scratch[p] as number;
  }
  const base = values.count();
  let keys = parts[0] ?? new Int32Array(0);
  for (const next of parts.slice(1)) {
    const tuples = numbering<number>();
    const folded = new Int32Array(n);
    for (let index = 0; index < n; index++) {
      const key = keys[index] as number;
      folded[index] = key < 0 ? -1 : tuples.numberOf(key * base + (next[index] as number));
    }
    keys = folded;
  }
  return keys;
}

/**
 * Record indexes grouped by blocking key; blocks of one record are dropped (nothing to compare).
 * `columns` lets a scan share the records' text columns (see `textColumns`).
 */
export function buildBlocks(records: readonly MatchRecord[], rules: readonly BlockingRule[], valueOf: BlockingValue = blockingValue, columns: TextColumns = textColumns(records)): number[][] {
  const values = numbering<string>();
  const found: number[][] = [];
  for (const rule of rules) {
    const keys = ruleKeyNumbers(columns, rule, valueOf, values);
    // Most keys (an address, a number) belong to one record: counted first, only shared keys get a block.
    const sizes = new Int32Array(keys.reduce((max, key) => Math.max(max, key + 1), 0));
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as number;
      if (key >= 0) sizes[key] = (sizes[key] as number) + 1;
    }
    const blocks = new Map<number, number[]>();
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as number;
      if (key < 0 || (sizes[key] as number) < 2) continue;
      const block = blocks.get(key);
      if (block === undefined) blocks.set(key, [index]);
      else block.push(index);
    }
    for (const block of blocks.values()) found.push(block);
  }
  return found;
}

// Oversized blocks are ordered by what identifies a person apart from the exact keys (email and
// phone have blocks of their own): names, the swappable pair in either order, then the rest.
const SORTED_COMPARATORS: ReadonlySet<string> = new Set(['jaro_winkler', 'phonetic', 'company', 'city', 'exact']);

/** A record's sort key by index; each distinct text is folded once. */
function sortKeyReader(config: MatchConfig, valueOf: BlockingValue, columns: TextColumns): (index: number) => string {
  const swappable = [...new Set<string>(config.swappable ?? [])];
  const rest = config.fields.filter((f) => SORTED_COMPARATORS.has(f.comparator) && !swappable.includes(f.field)).map((f) => f.field);
  const folded = (field: string): ((index: number) => string) => {
    const { texts, textNumbers } = columns(field);
    const foldedTexts = texts.map((text) => valueOf(text, 'exact') ?? '');
    return (index) => {
      const number = textNumbers[index] as number;
      return number < 0 ? '' : (foldedTexts[number] as string);
    };
  };
  const names = swappable.map(folded);
  const others = rest.map(folded);
  return (index) => [...names.map((f) => f(index)).sort(), ...others.map((f) => f(index))].join('|');
}

/** A growing list of pairs in two typed arrays: a 100k scan finds millions. */
function pairList(): { add: (x: number, y: number) => void; lower: () => Int32Array; upper: () => Int32Array } {
  let lower = new Int32Array(1024);
  let upper = new Int32Array(1024);
  let length = 0;
  return {
    add: (x, y) => {
      if (length === lower.length) {
        const grownLower = new Int32Array(length * 2);
        const grownUpper = new Int32Array(length * 2);
        grownLower.set(lower);
        grownUpper.set(upper);
        lower = grownLower;
        upper = grownUpper;
      }
      lower[length] = x < y ? x : y;
      upper[length++] = x < y ? y : x;
    },
    lower: () => lower.subarray(0, length),
    upper: () => upper.subarray(0, length),
  };
}

/**
 * Candidate pairs grouped by their lower record: the partners of record i are
 * `partners[starts[i]]` up to (not including) `partners[starts[i + 1]]`, ascending, each above i.
 */
export type PairsByRecord = { starts: Int32Array; partners: Int32Array };

/**
 * Groups pairs by their lower record (a counting sort) and keeps each partner once: a pair found
 * in several blocks is found several times, and a set of millions of pairs costs more than this.
 */
function groupPairs(n: number, lower: Int32Array, upper: Int32Array): PairsByRecord {
  const counts = new Int32Array(n);
  for (let k = 0; k < lower.length; k++) {
    const i = lower[k] as number;
    counts[i] = (counts[i] as number) + 1;
  }
  const starts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) starts[i + 1] = (starts[i] as number) + (counts[i] as number);
  const next = starts.slice(0, n);
  const partners = new Int32Array(lower.length);
  for (let k = 0; k < lower.length; k++) {
    const i = lower[k] as number;
    const at = next[i] as number;
    partners[at] = upper[k] as number;
    next[i] = at + 1;
  }
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const from = starts[i] as number;
    const to = starts[i + 1] as number;
    if (to - from > 64) partners.subarray(from, to).sort();
    else sortRun(partners, from, to);
    starts[i] = kept;
    for (let k = from; k < to; k++) {
      if (k === from || partners[k] !== partners[k - 1]) partners[kept++] = partners[k] as number;
    }
  }
  starts[n] = kept;
  return { starts, partners: partners.subarray(0, kept) };
}

/**
 * Every pair of records that shares a block, each once, grouped by the lower record. Small blocks
 * give all their pairs; oversized ones only neighbours within the sorted window, so the cost stays
 * near linear. `valueOf` lets a scan pass a memoized `blockingValue`: names repeat, and phonetic
 * codes are not free.
 */
export function candidatePairsByRecord(records: readonly MatchRecord[], config: MatchConfig, valueOf: BlockingValue = blockingValue, columns: TextColumns = textColumns(records)): PairsByRecord {
  const found = pairList();
  const sortKeyOf = sortKeyReader(config, valueOf, columns);
  const sortKeys: (string | undefined)[] = [];
  for (const block of buildBlocks(records, config.blocking, valueOf, columns)) {
    if (block.length <= config.maxBlockSize) {
      for (let x = 0; x < block.length; x++) {
        for (let y = x + 1; y < block.length; y++) found.add(block[x] as number, block[y] as number);
      }
      continue;
    }
    for (const index of block) sortKeys[index] ??= sortKeyOf(index);
    const sorted = block.sort((p, q) => {
      const kp = sortKeys[p] as string;
      const kq = sortKeys[q] as string;
      return kp < kq ? -1 : kp > kq ? 1 : p - q;
    });
    for (let x = 0; x < sorted.length; x++) {
      const end = Math.min(sorted.length, x + config.blockWindow);
      for (let y = x + 1; y < end; y++) found.add(sorted[x] as number, sorted[y] as number);
    }
  }
  return groupPairs(records.length, found.lower(), found.upper());
}

/** Every pair of record indexes (lower first) that shares a block, each once, in index order. */
export function candidatePairs(records: readonly MatchRecord[], config: MatchConfig, valueOf: BlockingValue = blockingValue): [number, number][] {
  const { starts, partners } = candidatePairsByRecord(records, config, valueOf);
  const pairs: [number, number][] = [];
  for (let i = 0; i < records.length; i++) {
    for (let k = starts[i] as number; k < (starts[i + 1] as number); k++) pairs.push([i, partners[k] as number]);
  }
  return pairs;
}

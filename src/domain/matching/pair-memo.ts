/**
 * Numbers remembered per pair of value numbers (x, y), in open addressing over one typed array that
 * holds each pair's key next to its number: a lookup reads one cache line, where a Map would read its
 * entry and then the boxed number it points to. A scan looks up millions of pairs of names.
 */
export type PairMemo = { slots: Float64Array; size: number };

// A pair's key is x * 2^26 + y: exact in a double for every x and y below 2^26.
const SPAN = 2 ** 26;
const EMPTY = -1;

export function pairMemo(): PairMemo {
  return { slots: new Float64Array(2 * 1024).fill(EMPTY), size: 0 };
}

/** Where pair (x, y) is kept or would go, as the index of its key in `slots`. */
function slotOf(slots: Float64Array, x: number, y: number): number {
  const mask = slots.length / 2 - 1;
  const key = x * SPAN + y;
  let h = Math.imul(x, 0x9e3779b1) ^ y;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  let slot = (h ^ (h >>> 13)) & mask;
  while (slots[2 * slot] !== EMPTY && slots[2 * slot] !== key) slot = (slot + 1) & mask;
  return 2 * slot;
}

/** The index of pair (x, y)'s number in `memo.slots`, or `~index` of a free place when it is not kept. */
export function findPair(memo: PairMemo, x: number, y: number): number {
  const at = slotOf(memo.slots, x, y);
  return memo.slots[at] === EMPTY ? ~(at + 1) : at + 1;
}

/** Keeps `value` for pair (x, y) at the free place `findPair` reported; the memo grows at half full. */
export function keepPair(memo: PairMemo, free: number, x: number, y: number, value: number): void {
  if (x >= SPAN || y >= SPAN) throw new RangeError(`pair memo holds value numbers below ${SPAN}`);
  memo.slots[free - 1] = x * SPAN + y;
  memo.slots[free] = value;
  memo.size++;
  if (memo.size * 4 <= memo.slots.length) return;
  const old = memo.slots;
  memo.slots = new Float64Array(old.length * 2).fill(EMPTY);
  for (let k = 0; k < old.length; k += 2) {
    const key = old[k] as number;
    if (key === EMPTY) continue;
    const x = Math.floor(key / SPAN);
    const at = slotOf(memo.slots, x, key - x * SPAN);
    memo.slots[at] = key;
    memo.slots[at + 1] = old[k + 1] as number;
  }
}

// Match flags reused across calls: a dedup scan compares millions of short strings, and a fresh
// pair of arrays per call dominated its time.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

function jaro(a: string, b: string): number {
  if (a.length > flagsA.length || b.length > flagsB.length) {
    flagsA = new Uint8Array(Math.max(a.length, flagsA.length * 2));
    flagsB = new Uint8Array(Math.max(b.length, flagsB.length * 2));
  }
  flagsA.fill(0, 0, a.length);
  flagsB.fill(0, 0, b.length);
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - range);
    const to = Math.min(b.length - 1, i + range);
    for (let j = from; j <= to; j++) {
      if (flagsB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const m = matches;
  return (m / a.length + m / b.length + (m - halfTranspositions / 2) / m) / 3;
}

/**
 * Jaro-Winkler similarity in [0,1]: Jaro boosted by up to 4 shared leading characters (scale 0.1)
 * when Jaro exceeds 0.7, as defined by Winkler (1990).
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let prefix = 0;
  const limit = Math.min(4, a.length, b.length);
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

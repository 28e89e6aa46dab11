// Particles that belong to a surname but are written lower-case inside a full name
// ("Ludwig van Beethoven", "Anna de la Cruz").
const PARTICLES: ReadonlySet<string> = new Set([
  'van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'le', 'la', 'du', 'dos', 'das', 'do', 'bin', 'binti', 'al', 'ten', 'ter', 'y',
]);

const HONORIFICS: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'herr', 'frau', 'mme', 'mlle', 'm']);

const SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'mba']);

function collapseSpaces(raw: string): string {
  return raw.replace(/\s+/g, ' ').replace(/\s*-\s*/g, '-').trim();
}

/** True when the text has letters and all of them are in one case: only then is its casing noise. */
function isSingleCase(text: string): boolean {
  if (!/\p{L}/u.test(text)) return false;
  return text === text.toUpperCase() || text === text.toLowerCase();
}

function capitalize(part: string): string {
  return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
}

/** "o'brien" → "O'Brien", "mcdonald" → "McDonald"; "Mac" is left alone (Mack, Macy, Machado). */
function titleCaseSegment(segment: string): string {
  const apostrophe = /^([a-z])['’](\p{L}.*)$/iu.exec(segment);
  if (apostrophe?.[1] !== undefined && apostrophe[2] !== undefined) {
    return `${apostrophe[1].toUpperCase()}'${capitalize(apostrophe[2])}`;
  }
  const mc = /^mc(\p{L}{2,})$/iu.exec(segment);
  if (mc?.[1] !== undefined) return `Mc${capitalize(mc[1])}`;
  return capitalize(segment);
}

function titleCaseWord(word: string): string {
  return word.split('-').map(titleCaseSegment).join('-');
}

/**
 * Fixes spacing always, and casing only when the input is all upper or all lower case:
 * mixed-case input ("McDonald", "van der Berg", "DeShawn") is the person's own spelling.
 */
export function normalizePersonName(raw: string): string {
  const spaced = collapseSpaces(raw);
  if (!isSingleCase(spaced)) return spaced;
  const words = spaced.split(' ');
  return words
    .map((word, index) => {
      const isInner = index > 0 && index < words.length - 1;
      return isInner && PARTICLES.has(word.toLowerCase()) ? word.toLowerCase() : titleCaseWord(word);
    })
    .join(' ');
}

function bare(word: string): string {
  return word.toLowerCase().replace(/\./g, '');
}

export type SplitName = { firstName: string | null; lastName: string | null };

/**
 * Splits a full name into first and last name. "Last, First" is honored; honorifics are dropped;
 * a trailing suffix (Jr., III) stays with the last name; surname particles join the last name.
 */
export function splitFullName(full: string): SplitName {
  const comma = full.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const isLastFirst = comma.length === 2 && comma[1] !== undefined && !SUFFIXES.has(bare(comma[1]));
  const text = isLastFirst ? `${comma[1]} ${comma[0]}` : full.replace(/,/g, ' ');
  const words = normalizePersonName(text).split(' ').filter((w) => w !== '');
  while (words.length > 1 && HONORIFICS.has(bare(words[0] ?? ''))) words.shift();
  if (words.length === 0) return { firstName: null, lastName: null };
  if (words.length === 1) return { firstName: words[0] ?? null, lastName: null };

  let lastStart = words.length - 1;
  if (lastStart > 1 && SUFFIXES.has(bare(words[lastStart] ?? ''))) lastStart -= 1;
  while (lastStart > 1 && PARTICLES.has((words[lastStart - 1] ?? '').toLowerCase())) lastStart -= 1;
  return { firstName: words.slice(0, lastStart).join(' '), lastName: words.slice(lastStart).join(' ') };
}

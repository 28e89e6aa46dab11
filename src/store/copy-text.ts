// COPY's text format: with the binary one (copy-binary.ts), the fastest way PostgreSQL takes many rows (the benchmarks'
// physical floor, the generator's rows). copy-in.ts sends either.

/** One value of a row: null is COPY's NULL; anything else is written as its text. */
export type CopyCell = string | number | boolean | null;

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

// A hot loop (the generator's, a batch's events): plain concatenation, and a replace only for the rare cell that needs one.
const copyCell = (cell: CopyCell): string =>
  cell === null ? '\\N' : typeof cell !== 'string' ? String(cell) : SPECIAL.test(cell) ? cell.replace(SPECIALS, (c) => COPY_ESCAPES[c]!) : cell;

/** One row in COPY's text format. */
const copyLine = (row: readonly CopyCell[]): string => {
  let line = copyCell(row[0] ?? null);
  for (let i = 1; i < row.length; i++) line += `\t${copyCell(row[i] ?? null)}`;
  return `${line}\n`;
};

export const copyText = (rows: readonly (readonly CopyCell[])[]): string => {
  let text = '';
  for (const row of rows) text += copyLine(row);
  return text;
};

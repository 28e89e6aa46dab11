import { fieldText } from './prepared-record.ts';
import type { MatchRecord } from './prepared-record.ts';

/** One field of the records: its distinct texts, and per record the number of its text (-1: none). */
export type TextColumn = { texts: readonly string[]; textNumbers: Int32Array };

/** The records' columns by field path, each read on first use. */
export type TextColumns = (path: string) => TextColumn;

function readColumn(records: readonly MatchRecord[], path: string): TextColumn {
  const numbers = new Map<string, number>();
  const texts: string[] = [];
  const textNumbers = new Int32Array(records.length);
  records.forEach((record, index) => {
    const text = fieldText(record, path);
    let number = text === null ? -1 : numbers.get(text);
    if (number === undefined) {
      number = texts.length;
      texts.push(text as string);
      numbers.set(text as string, number);
    }
    textNumbers[index] = number;
  });
  return { texts, textNumbers };
}

/**
 * The records read field by field. Names, companies and cities repeat: a scan derives what it needs
 * from a text (a prepared value, a blocking key) once per distinct text, and per record only looks
 * the result up by number.
 */
export function textColumns(records: readonly MatchRecord[]): TextColumns {
  const columns = new Map<string, TextColumn>();
  return (path) => {
    let column = columns.get(path);
    if (column === undefined) {
      column = readColumn(records, path);
      columns.set(path, column);
    }
    return column;
  };
}

/** Per record, what `derive` gives for its text (run once per distinct text); -1 where there is none. */
export function perRecord(column: TextColumn, derive: (text: string) => number): Int32Array {
  const perText = column.texts.map(derive);
  return column.textNumbers.map((number) => (number < 0 ? -1 : (perText[number] as number)));
}

// The file's records with the line each ends on and the bytes read so far, parsed as the file streams in.

import { Readable } from 'node:stream';
import { Parser } from 'csv-parse';

export type CsvRecord = { record: string[]; lines: number; bytes: number };

/**
 * csv-parse's `info` option copies its whole info object for every record, a third of the parse; the
 * parser's live `info` is read instead at the moment each record is pushed, which gives the same lines and bytes.
 */
class LineParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : { record, lines: this.info.lines, bytes: this.info.bytes }, encoding);
  }
}

/** Chunks of at least `size` bytes (the last may be shorter): a source of many small chunks costs the parser per chunk. */
async function* coalesce(source: AsyncIterable<Uint8Array>, size: number): AsyncIterable<Uint8Array> {
  let held: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    if (held.length === 0 && chunk.length >= size) {
      yield chunk;
      continue;
    }
    held.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield Buffer.concat(held, length);
      held = [];
      length = 0;
    }
  }
  if (length > 0) yield Buffer.concat(held, length);
}

const CHUNK_BYTES = 64 * 1024;

/** A readable of CsvRecord: BOM dropped, empty lines skipped, rows of any length kept (the caller checks them). */
export const csvRecords = (source: AsyncIterable<Uint8Array>): Readable =>
  Readable.from(coalesce(source, CHUNK_BYTES)).pipe(new LineParser({ bom: true, relax_column_count: true, skip_empty_lines: true }));

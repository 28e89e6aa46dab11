// COPY's binary format, for the rows PostgreSQL takes most of (a batch's events): it reads a timestamp or a uuid as
// the bytes it stores instead of parsing their text, and no cell is escaped on either side. 100,000 event rows into a
// table without indexes: 0.68–0.78 s against 1.07–1.29 s as COPY's text, alternating on one machine.

import { parseInstant } from '../domain/filter/values.ts';

/** The column types a binary row can hold, as PostgreSQL reads them. */
export type BinaryColumn = 'uuid' | 'text' | 'timestamptz' | 'jsonb';

/** A cell: null is NULL; a timestamptz is an ISO 8601 instant; a jsonb is its JSON text. */
export type BinaryCell = string | null;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Microseconds between the Unix epoch and PostgreSQL's, 2000-01-01. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const TWO_TO_32 = 2 ** 32;

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** A growing buffer written front to back. */
class Writer {
  buffer: Buffer;
  offset = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  ensure(more: number): void {
    if (this.offset + more <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + more));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }

  int16(value: number): void {
    this.ensure(2);
    this.offset = this.buffer.writeInt16BE(value, this.offset);
  }

  int32(value: number): void {
    this.ensure(4);
    this.offset = this.buffer.writeInt32BE(value, this.offset);
  }

  /** A length-prefixed UTF-8 text, after `lead` bytes (jsonb's version). */
  text(value: string, lead: number | null): void {
    const extra = lead === null ? 0 : 1;
    this.ensure(4 + extra + value.length * 3);
    const start = this.offset + 4;
    let at = start;
    if (lead !== null) this.buffer[at++] = lead;
    // Short ASCII text (types, ids) is copied here: a call into Buffer.write costs more than the copy.
    const { length } = value;
    let ascii = length <= 64;
    for (let i = 0; ascii && i < length; i++) {
      const unit = value.charCodeAt(i);
      if (unit < 128) this.buffer[at + i] = unit;
      else ascii = false;
    }
    at += ascii ? length : this.buffer.write(value, at, 'utf8');
    this.buffer.writeInt32BE(at - start, this.offset);
    this.offset = at;
  }

  // The last uuid written, and where its bytes are: a workspace's id repeats on every row, a contact's on many.
  private lastUuid = '';
  private lastUuidAt = 0;

  uuid(value: string): void {
    this.ensure(20);
    let at = this.buffer.writeInt32BE(16, this.offset);
    if (value === this.lastUuid) {
      this.buffer.copy(this.buffer, at, this.lastUuidAt, this.lastUuidAt + 16);
      this.offset = at + 16;
      return;
    }
    if (value.length !== 36) throw new Error(`binary COPY: not a uuid: ${value}`);
    const first = at;
    for (let i = 0; i < 36; i += 2) {
      if (i === 8 || i === 13 || i === 18 || i === 23) i += 1;
      const high = HEX[value.charCodeAt(i)] ?? -1;
      const low = HEX[value.charCodeAt(i + 1)] ?? -1;
      if (high < 0 || low < 0) throw new Error(`binary COPY: not a uuid: ${value}`);
      this.buffer[at++] = high * 16 + low;
    }
    this.lastUuid = value;
    this.lastUuidAt = first;
    this.offset = at;
  }

  /** Microseconds since 2000-01-01 as a signed 64-bit integer, from an instant's milliseconds. */
  timestamp(value: string): void {
    const ms = parseInstant(value) ?? Date.parse(value);
    if (!Number.isFinite(ms)) throw new Error(`binary COPY: not an instant: ${value}`);
    const micros = (ms - POSTGRES_EPOCH_MS) * 1000;
    const high = Math.floor(micros / TWO_TO_32);
    this.ensure(12);
    let at = this.buffer.writeInt32BE(8, this.offset);
    at = this.buffer.writeInt32BE(high, at);
    this.offset = this.buffer.writeUInt32BE(micros - high * TWO_TO_32, at);
  }
}

/** Rows of `columns` in COPY's binary format (`COPY … FROM STDIN WITH (FORMAT binary)`). */
export const copyBinary = (columns: readonly BinaryColumn[], rows: readonly (readonly BinaryCell[])[]): Buffer => {
  const out = new Writer(64 + rows.length * columns.length * 48);
  out.ensure(SIGNATURE.length);
  out.offset += SIGNATURE.copy(out.buffer, 0);
  out.int32(0); // flags
  out.int32(0); // header extension
  for (const row of rows) {
    out.int16(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const cell = row[i] ?? null;
      const column = columns[i];
      if (cell === null) out.int32(-1);
      else if (column === 'uuid') out.uuid(cell);
      else if (column === 'timestamptz') out.timestamp(cell);
      else out.text(cell, column === 'jsonb' ? 1 : null);
    }
  }
  out.int16(-1);
  return out.buffer.subarray(0, out.offset);
};

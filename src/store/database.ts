// The one storage seam: embedded PGlite or a PostgreSQL server, the same SQL on both.

export type Row = Record<string, unknown>;

export type Queryable = {
  /** Runs one parameterized statement and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters (DDL, migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `statement` (`COPY … FROM STDIN`, with `WITH (FORMAT binary)` for bytes) with `data` as its input: rows in
   * COPY's text format (copy-text.ts) or its binary one (copy-binary.ts).
   */
  copyIn(statement: string, data: string | Uint8Array): Promise<void>;
};

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = Queryable & {
  readonly kind: DatabaseKind;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

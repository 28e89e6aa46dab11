// The contract every benchmark keeps: measure the product, measure the physical floor under it (a raw COPY of
// the same rows, the bare SQL, a plain pass over the same records) in the same run, and report both with their
// ratio, because on a shared machine only the ratio is comparable from one run to the next.

import type { BenchBackend } from './bench-backend.ts';

export type BenchContext = {
  backend: BenchBackend;
  /** What the benchmark scales with (contacts, records, samples); its own default unless --size is given. */
  size: number;
  seed: number;
  log: (message: string) => void;
};

export type Figures = Record<string, number>;

export type BenchOutcome = {
  figures: Figures;
  baseline: Figures;
  /** The headline: the product's figure over the baseline's, as `ratioOf` says. */
  ratio: number;
  ratioOf: string;
  /** Further ratios, one per figure that has a baseline. */
  ratios?: Figures;
  notes?: string;
};

export type Benchmark = {
  name: string;
  description: string;
  /** What `size` counts, e.g. "contacts". */
  unit: string;
  defaultSize: number;
  /** Pure CPU benchmarks never touch the database; they still report the backend they ran beside. */
  run: (ctx: BenchContext) => Promise<BenchOutcome>;
};

// The fuzzy duplicate scan over generated people with typos at a known rate, against one plain pass over the
// same records (reading the fields the scan compares and grouping by exact email).

import { generatePopulation } from '../src/domain/matching/synthetic-people.ts';
import { findDuplicateCandidates } from '../src/domain/matching/scan.ts';
import type { Benchmark } from './benchmark.ts';
import { round, seconds } from './measure.ts';

const DUPLICATE_RATE = 0.03;

export const benchmark: Benchmark = {
  name: 'dedup-scan',
  description: 'findDuplicateCandidates over generated contacts vs a plain pass over the same records',
  unit: 'records',
  defaultSize: 100_000,
  run: async ({ size, seed }) => {
    const { records, truePairs } = generatePopulation(size, DUPLICATE_RATE, seed);
    const scan = await seconds(() => findDuplicateCandidates(records));
    const pass = await seconds(() => {
      const byEmail = new Map<string, number>();
      let fields = 0;
      for (const r of records) {
        const email = r.email?.trim().toLowerCase();
        if (email) byEmail.set(email, (byEmail.get(email) ?? 0) + 1);
        fields += (r.firstName?.length ?? 0) + (r.lastName?.length ?? 0) + (r.phone?.length ?? 0) + (r.company?.length ?? 0);
      }
      return byEmail.size + fields;
    });
    const found = scan.value.filter((c) => truePairs.has(c.a < c.b ? `${c.a}|${c.b}` : `${c.b}|${c.a}`)).length;
    return {
      figures: {
        seconds: round(scan.seconds, 3),
        recordsPerSecond: round(size / scan.seconds, 0),
        candidates: scan.value.length,
        recall: round(found / truePairs.size, 4),
        precision: round(scan.value.length === 0 ? 0 : found / scan.value.length, 4),
      },
      baseline: { seconds: round(pass.seconds, 4), recordsPerSecond: round(size / pass.seconds, 0) },
      ratio: round(scan.seconds / pass.seconds, 1),
      ratioOf: 'scan time ÷ plain pass time',
    };
  },
};

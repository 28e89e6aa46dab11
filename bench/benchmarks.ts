// Every benchmark, by the name `npm run bench -- <name>` takes: imported statically so that the runner bundles them
// (bin/run-bench.js). run.ts refuses to start when a bench/*.bench.ts file is missing here.

import type { Benchmark } from './benchmark.ts';
import { benchmark as apiReads } from './api-reads.bench.ts';
import { benchmark as dedupScan } from './dedup-scan.bench.ts';
import { benchmark as generate } from './generate.bench.ts';
import { benchmark as importContacts } from './import-contacts.bench.ts';
import { benchmark as ingest } from './ingest.bench.ts';
import { benchmark as memory } from './memory.bench.ts';
import { benchmark as reevaluate } from './reevaluate.bench.ts';
import { benchmark as reports } from './reports.bench.ts';
import { benchmark as rescore } from './rescore.bench.ts';
import { benchmark as train } from './train.bench.ts';

export const benchmarks: Readonly<Record<string, Benchmark>> = {
  'api-reads': apiReads,
  'dedup-scan': dedupScan,
  'generate': generate,
  'import-contacts': importContacts,
  'ingest': ingest,
  'memory': memory,
  'reevaluate': reevaluate,
  'reports': reports,
  'rescore': rescore,
  'train': train,
};

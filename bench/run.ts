// `npm run bench -- <name>|all [--size N] [--seed S]`: runs benchmarks on embedded PGlite, or on PostgreSQL when
// DATABASE_URL is set; prints one JSON line per benchmark and appends it to bench/results/<name>.jsonl.
// A benchmark is a file `bench/<name>.bench.ts` exporting `benchmark`; `all` runs each in a process of its own,
// so one benchmark's heap never weighs on the next one's figures.

import { spawnSync } from 'node:child_process';
import { appendFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBenchBackend } from './bench-backend.ts';
import { benchmarks } from './benchmarks.ts';
import { databaseSettings, machineInfo } from './measure.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';

const benchmarkNames = async (): Promise<string[]> => {
  const files = (await readdir(here)).filter((file) => file.endsWith(SUFFIX)).map((file) => file.slice(0, -SUFFIX.length)).sort();
  const missing = files.filter((name) => !(name in benchmarks));
  if (missing.length > 0) throw new Error(`${missing.map((name) => `bench/${name}${SUFFIX}`).join(', ')} not listed in bench/benchmarks.ts`);
  return Object.keys(benchmarks).sort();
};

const usage = (names: string[]) => `usage: npm run bench -- <${[...names, 'all'].join('|')}> [--size N] [--seed S]`;

const parseArgs = (argv: string[]): { target: string | undefined; size: number | undefined; seed: number } => {
  const option = (name: string): number | undefined => {
    const at = argv.indexOf(name);
    if (at < 0) return undefined;
    const value = Number(argv[at + 1]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number`);
    return value;
  };
  return { target: argv.find((arg, i) => !arg.startsWith('--') && !argv[i - 1]?.startsWith('--')), size: option('--size'), seed: option('--seed') ?? 42 };
};

const runOne = async (name: string, size: number | undefined, seed: number): Promise<void> => {
  const benchmark = benchmarks[name]!;
  const backend = await openBenchBackend(process.env.DATABASE_URL || undefined);
  const n = size ?? benchmark.defaultSize;
  try {
    // Read first: a benchmark that hands PGlite over to a server process has closed it by the end.
    const database = await databaseSettings(backend.db);
    const outcome = await benchmark.run({ backend, size: n, seed, log: (message) => console.error(`[${name}] ${message}`) });
    const line = JSON.stringify({
      name,
      backend: backend.kind,
      size: n,
      unit: benchmark.unit,
      seed,
      ...outcome,
      machine: machineInfo(),
      database,
      date: new Date().toISOString(),
    });
    console.log(line);
    await mkdir(join(here, 'results'), { recursive: true });
    await appendFile(join(here, 'results', `${name}.jsonl`), `${line}\n`);
  } finally {
    await backend.close();
  }
};

const main = async (): Promise<number> => {
  const names = await benchmarkNames();
  const { target, size, seed } = parseArgs(process.argv.slice(2));
  if (target === 'all') {
    let failed = 0;
    for (const name of names) {
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name, ...process.argv.slice(2).filter((a) => a !== 'all')], { stdio: 'inherit' });
      if (child.status !== 0) failed++;
    }
    return failed === 0 ? 0 : 1;
  }
  if (!target || !names.includes(target)) {
    console.error(target ? `no benchmark "${target}"\n${usage(names)}` : usage(names));
    return 2;
  }
  await runOne(target, size, seed);
  return 0;
};

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

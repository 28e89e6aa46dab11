// Timing and load helpers shared by the benchmarks.

import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { Queryable } from '../src/store/database.ts';

export const seconds = async <T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number }> => {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
};

/** The q-quantile (0..1) of the samples, nearest rank. */
export const quantile = (samples: readonly number[], q: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};

export type LoadResult = { p50Ms: number; p99Ms: number; requests: number; perSecond: number; errors: number; firstError: string | null };

/**
 * Runs `call` from `concurrency` workers until `requests` calls are done or `maxSeconds` pass, whichever is
 * first, and reports latency quantiles. `call` gets the call's index and throws on a failed request.
 */
export const runLoad = async (call: (index: number) => Promise<void>, options: { concurrency: number; requests: number; maxSeconds: number }): Promise<LoadResult> => {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const worker = async () => {
    while (next < options.requests && performance.now() < deadline) {
      const index = next++;
      const t0 = performance.now();
      try {
        await call(index);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), requests: latencies.length, perSecond: latencies.length / elapsed, errors, firstError };
};

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Busy and total CPU time of the whole machine so far, all cores (the first line of /proc/stat), seconds; null where there is none. */
const machineCpuSeconds = (): { busy: number; total: number } | null => {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: idle and iowait are the time no one used.
    const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0);
    const idle = ticks[3]! + ticks[4]!;
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return null;
  }
};

export type CpuUse = {
  /** CPU the whole machine used (this process, the database server, anything else running), seconds. */
  machineSeconds: number | null;
  /** The part of the machine's cores that was busy, 0..1. */
  machineBusy: number | null;
  /** CPU this process used (all its threads), seconds. */
  processSeconds: number;
};

/**
 * The CPU `work` used, with the time it took. The machine's figure counts the database server too (and any other
 * load on the machine, which is why it is reported beside this process's own): on a noisy machine the CPU a piece of
 * work costs moves less than its wall time (though not by little).
 */
export const withCpu = async <T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: CpuUse }> => {
  const machine = machineCpuSeconds();
  const own = process.cpuUsage();
  const { value, seconds: elapsed } = await seconds(work);
  const used = process.cpuUsage(own);
  const after = machineCpuSeconds();
  const cpu =
    machine && after
      ? { machineSeconds: after.busy - machine.busy, machineBusy: (after.busy - machine.busy) / (after.total - machine.total) }
      : { machineSeconds: null, machineBusy: null };
  return { value, seconds: elapsed, cpu: { ...cpu, processSeconds: (used.user + used.system) / 1e6 } };
};

export const machineInfo = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
});

// The server settings that move these figures most: memory for pages, how much WAL may build up between
// checkpoints, and durability. A figure means little without them, so every result line carries them.
const SETTINGS = ['server_version', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'work_mem', 'fsync', 'synchronous_commit', 'autovacuum'];

export const databaseSettings = async (db: Queryable): Promise<Record<string, string>> => {
  const rows = await db.query<{ name: string; setting: string; unit: string | null }>('SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1::text[])', [SETTINGS]);
  return Object.fromEntries(rows.map((row) => [row.name, row.unit ? `${row.setting} × ${row.unit}` : row.setting]));
};

export const rssMiB = (): number => round(process.memoryUsage().rss / 2 ** 20, 1);

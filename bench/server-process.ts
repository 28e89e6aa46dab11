// The server as users run it: `node bin/leadcycle.js start` in a process of its own, so a benchmark's load
// generator and its heap never share the server's cores or count in its memory.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round } from './measure.ts';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'leadcycle.js');
const READY = /leadcycle is running on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

export type ServerProcess = {
  url: string;
  pid: number;
  /** Resident memory of the server process (VmRSS), MiB; NaN where /proc is not there. */
  rssMiB: () => number;
  /** Resident memory of the processes the server started (tsx's esbuild service), MiB. */
  childrenRssMiB: () => number;
  /** CPU time the server process has used so far (user + system), seconds; NaN where /proc is not there. */
  cpuSeconds: () => number;
  stop: () => Promise<void>;
};

/** Resident memory (VmRSS) of a process, MiB; NaN where /proc is not there. */
export const vmRssMiB = (pid: number): number => {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024, 1) : Number.NaN;
  } catch {
    return Number.NaN;
  }
};

const TICKS_PER_SECOND = 100;

/** utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat, after the parenthesized name), seconds. */
const cpuSecondsOf = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
};

const childPids = (pid: number): number[] => {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
};

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/**
 * Starts `leadcycle start` on a free loopback port with the given environment and extra arguments, and resolves
 * once it says it is listening.
 */
export const startServerProcess = async (options: {
  env: Record<string, string>;
  args?: string[];
  /** Node's own flags for the server, e.g. `--cpu-prof` when profiling it. */
  nodeArgs?: string[];
  log: (line: string) => void;
}): Promise<ServerProcess> => {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, 'start', '--port', '0', '--host', '127.0.0.1', ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = READY.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(ready[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout!.on('data', () => undefined);
  const pid = child.pid!;
  options.log(`server pid ${pid} on ${url}`);
  return {
    url,
    pid,
    rssMiB: () => vmRssMiB(pid),
    childrenRssMiB: () => round(childPids(pid).reduce((sum, p) => sum + (vmRssMiB(p) || 0), 0), 1),
    cpuSeconds: () => cpuSecondsOf(pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(timer);
    },
  };
};

/** Samples a reading every `everyMs` until stopped; `stop` returns the highest. */
export const sampleMax = (read: () => number, everyMs = 50): { stop: () => number } => {
  let max = read();
  const timer = setInterval(() => {
    const value = read();
    if (value > max) max = value;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(max, read());
    },
  };
};

#!/usr/bin/env node
// `npm run bench -- <name>|all [--size N]`: the benchmarks are TypeScript, run from a cached esbuild bundle like
// the CLI (run-bundled.js), so the code they measure in process is compiled as `leadcycle start` runs it.
import { runBundled } from './run-bundled.js';

await runBundled('bench/run.ts', 'bench');

#!/usr/bin/env node
// The published command: the CLI's TypeScript sources, run from a cached esbuild bundle (run-bundled.js).
import { runBundled } from './run-bundled.js';

await runBundled('src/cli/main.ts', 'cli');

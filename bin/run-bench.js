#!/usr/bin/env node
// `npm run bench -- <name>|all [--size N]`: the benchmarks are TypeScript, run through tsx like the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');

// Reading leadcycle.config.yaml: YAML text (or an already parsed object) in, a validated
// LifecycleConfig out, or the problems as `{ path, message, line? }` so an editor or the CLI can point
// at them: every field error at once, then (once the fields are valid) every cross-check error. A configuration naming a shipped template inherits the template's top-level
// sections it leaves out (e.g. only `scoring` overridden); sections are replaced whole, never merged.

import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { LifecycleConfig } from '../domain/lifecycle/lifecycle-config.ts';
import { lifecycleConfigSchema } from './config-schema.ts';
import { defaultScoringConfig } from './scoring-default.ts';
import { isTemplateName, templateDocument } from './template-files.ts';

export type ConfigError = { path: string; message: string; line?: number };

export type ConfigResult = { ok: true; config: LifecycleConfig } | { ok: false; errors: ConfigError[] };

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

// A missing key or an unknown key says the input was meant for another branch of a union.
const mismatches = (issues: readonly Issue[]): number =>
  issues.filter((issue) => issue.code === 'unrecognized_keys' || !('input' in issue)).length;

const depth = (issues: readonly Issue[]): number => Math.max(0, ...issues.map((issue) => issue.path.length));

/** The union branch the input was most likely meant for: fewest mismatched keys, then the deepest error. */
const likeliestBranch = (branches: readonly (readonly Issue[])[]): readonly Issue[] =>
  branches.reduce((best, branch) =>
    mismatches(branch) < mismatches(best) || (mismatches(branch) === mismatches(best) && depth(branch) > depth(best))
      ? branch
      : best,
  );

// A union reports one vague issue holding every branch's issues; report the likeliest branch's instead.
const flatten = (issue: Issue, prefix: readonly PathKey[]): { path: PathKey[]; message: string }[] => {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    return likeliestBranch(issue.errors).flatMap((inner) => flatten(inner, path));
  }
  return [{ path, message: issue.message }];
};

const dotted = (path: readonly PathKey[]): string => path.map(String).join('.');

const withDefaults = (input: unknown): unknown => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const template = (input as Record<string, unknown>)['template'];
  return isTemplateName(template) ? { ...templateDocument(template), ...input } : input;
};

/** Validate a parsed configuration document. */
export const parseConfig = (input: unknown): ConfigResult => {
  const parsed = lifecycleConfigSchema.safeParse(withDefaults(input), { reportInput: true });
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((issue) => flatten(issue, []));
    return { ok: false, errors: errors.map((error) => ({ path: dotted(error.path), message: error.message })) };
  }
  const { template, stages, leadStatuses, recycle, milestones, scoring } = parsed.data;
  return { ok: true, config: { template, stages, leadStatuses, recycle, milestones, scoring: scoring ?? defaultScoringConfig } };
};

/** Validate YAML text; errors carry the line of the offending node (or its nearest existing parent). */
export const parseConfigYaml = (text: string): ConfigResult => {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => ({
        path: '',
        message: `YAML: ${error.message.split('\n')[0]}`,
        line: lineCounter.linePos(error.pos[0]).line,
      })),
    };
  }
  const result = parseConfig(document.toJS());
  if (result.ok) return result;
  const lineOf = (path: string): number | undefined => {
    const keys = path === '' ? [] : path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    for (let length = keys.length; length >= 0; length -= 1) {
      const node: unknown = length === 0 ? document.contents : document.getIn(keys.slice(0, length), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range !== undefined) return lineCounter.linePos(range[0]).line;
    }
    return undefined;
  };
  return {
    ok: false,
    errors: result.errors.map((error) => {
      const line = lineOf(error.path);
      return line === undefined ? error : { ...error, line };
    }),
  };
};

/** Read and validate a leadcycle.config.yaml file. */
export const loadConfigFile = async (file: string): Promise<ConfigResult> => parseConfigYaml(await readFile(file, 'utf8'));

/** A one-line-per-problem rendering for the CLI: `stages.3.entry.op (line 42): message`. */
export const formatConfigErrors = (errors: readonly ConfigError[]): string =>
  errors
    .map((error) => `${error.path === '' ? '(file)' : error.path}${error.line === undefined ? '' : ` (line ${error.line})`}: ${error.message}`)
    .join('\n');

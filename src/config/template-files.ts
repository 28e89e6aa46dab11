// The shipped lifecycle templates, as their YAML documents. A workspace starts from one of them.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const TEMPLATE_NAMES = ['classic', 'waterfall'] as const;

export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const isTemplateName = (value: unknown): value is TemplateName =>
  typeof value === 'string' && (TEMPLATE_NAMES as readonly string[]).includes(value);

export const templateFile = (name: TemplateName): URL => new URL(`./templates/${name}.yaml`, import.meta.url);

/** The template's YAML text, as shipped (the starting point of a workspace's leadcycle.config.yaml). */
export const templateYaml = (name: TemplateName): string => readFileSync(templateFile(name), 'utf8');

/** The template as a plain document, before validation. */
export const templateDocument = (name: TemplateName): Record<string, unknown> =>
  parse(templateYaml(name)) as Record<string, unknown>;

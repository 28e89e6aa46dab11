// A workspace starts from a template: the shipped YAML, validated like any configuration.

import type { LifecycleConfig } from '../domain/lifecycle/lifecycle-config.ts';
import { formatConfigErrors, parseConfigYaml } from './load-config.ts';
import { type TemplateName, templateYaml } from './template-files.ts';

export const templateConfig = (name: TemplateName): LifecycleConfig => {
  const result = parseConfigYaml(templateYaml(name));
  // A shipped template that does not validate is a bug in leadcycle, not in the workspace.
  if (!result.ok) throw new Error(`template "${name}" is invalid:\n${formatConfigErrors(result.errors)}`);
  return result.config;
};

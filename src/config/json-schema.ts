// The JSON Schema of leadcycle.config.yaml, for editors (YAML language server: `$schema:` or a
// `# yaml-language-server: $schema=…` comment). It describes what may be written, so defaults are
// optional; cross-checks between sections are enforced by load-config.ts only.

import { z } from 'zod';
import { lifecycleConfigSchema } from './config-schema.ts';

export const configJsonSchema = (): Record<string, unknown> => ({
  ...z.toJSONSchema(lifecycleConfigSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
  title: 'leadcycle lifecycle configuration (leadcycle.config.yaml)',
});

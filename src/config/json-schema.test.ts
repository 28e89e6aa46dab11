import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './json-schema.ts';

type SchemaNode = { type?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; required?: string[]; $ref?: string };

describe('configJsonSchema', () => {
  it('JSON Schema export is valid JSON with the stage properties', () => {
    const text = JSON.stringify(configJsonSchema(), null, 2);
    const schema = JSON.parse(text) as SchemaNode & { $schema: string; $defs?: Record<string, unknown> };

    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties ?? {})).toEqual(
      expect.arrayContaining(['template', 'stages', 'leadStatuses', 'recycle', 'milestones', 'scoring']),
    );
    const stage = schema.properties?.['stages']?.items;
    expect(Object.keys(stage?.properties ?? {})).toEqual([
      'id',
      'label',
      'order',
      'team',
      'description',
      'entry',
      'exit',
      'requiredFields',
      'sla',
      'leadStatusOnEntry',
      'entryPoint',
      'offPath',
    ]);
    // Only what has no default must be written.
    expect(stage?.required).toEqual(['id', 'label', 'order', 'team', 'description']);
    expect(stage?.properties?.['team']).toMatchObject({ enum: ['marketing', 'bdr', 'ae', 'cs'] });
    // Every reference (the recursive filter language) resolves inside the document.
    const refs = [...text.matchAll(/"\$ref": "#\/\$defs\/([^"]+)"/g)].map((match) => match[1]!);
    for (const ref of refs) expect(schema.$defs).toHaveProperty(ref);
  });
});

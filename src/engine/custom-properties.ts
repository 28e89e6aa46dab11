import type { PropertyDefinition } from '../store/property-definitions.ts';
import type { FieldProblem } from './app-error.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const problemWith = (def: PropertyDefinition, value: unknown): string | null => {
  if (value === null) return null;
  switch (def.type) {
    case 'string':
      return typeof value === 'string' ? null : 'must be a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'must be a date (YYYY-MM-DD)';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? null : 'must be an ISO 8601 date-time';
    case 'enum':
      return typeof value === 'string' && def.options.includes(value) ? null : `must be one of ${def.options.join(', ')}`;
    case 'multi_enum':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && def.options.includes(v))
        ? null
        : `must be a list of ${def.options.join(', ')}`;
  }
};

/** Checks custom property values against the workspace's registry; unknown names are refused. */
export const checkCustomProperties = (values: Record<string, unknown>, definitions: PropertyDefinition[]): FieldProblem[] => {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(values)) {
    const def = byName.get(name);
    const message = def ? problemWith(def, value) : 'is not a defined property (create it under /api/v1/properties first)';
    if (message) problems.push({ field: `properties.${name}`, message });
  }
  return problems;
};

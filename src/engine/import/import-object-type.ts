import { invalid } from '../app-error.ts';
import type { ImportObjectType } from './column-synonyms.ts';

const PLURALS: Readonly<Record<string, ImportObjectType>> = { contacts: 'contact', companies: 'company', deals: 'deal', events: 'event' };

/** The CLI and the API name object types in the plural (`contacts`); the engine in the singular. */
export const importObjectType = (plural: string): ImportObjectType => {
  const type = PLURALS[plural];
  if (type === undefined) throw invalid(`"${plural}" is not importable: use one of ${Object.keys(PLURALS).join(', ')}`, [{ field: 'objectType', message: `not one of ${Object.keys(PLURALS).join(', ')}` }]);
  return type;
};

export const IMPORT_PLURALS = Object.keys(PLURALS) as readonly string[];

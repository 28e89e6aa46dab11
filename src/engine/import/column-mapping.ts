import { invalid } from '../app-error.ts';
import type { PropertyDefinition } from '../../store/property-definitions.ts';
import { FIELD_SYNONYMS, foldHeader, type ImportObjectType } from './column-synonyms.ts';

/** Where one CSV column goes: a standard field, or a custom property (`properties.<name>`). */
export type ColumnTarget = { index: number; header: string; field: string };

export type ColumnMapping = { targets: ColumnTarget[]; unknownColumns: string[] };

/** `--map "CSV Header=field,…"` as header → field. */
export const parseMapOption = (text: string): Record<string, string> => {
  const map: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw invalid(`--map entry "${pair.trim()}" is not "CSV Header=field"`, [{ field: 'map', message: `"${pair.trim()}" is not "CSV Header=field"` }]);
    map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return map;
};

const knownField = (type: ImportObjectType, field: string, properties: readonly PropertyDefinition[]): boolean =>
  Object.hasOwn(FIELD_SYNONYMS[type], field) ||
  (field.startsWith('properties.') && properties.some((p) => p.name === field.slice('properties.'.length)));

/**
 * Matches headers to fields: an explicit `overrides` entry first, then a standard field's synonym,
 * then a custom property by name or label. Each field takes the first column that claims it; columns
 * that match nothing are listed, so nothing is dropped without a word.
 */
export const mapColumns = (
  type: ImportObjectType,
  headers: readonly string[],
  properties: readonly PropertyDefinition[],
  overrides: Readonly<Record<string, string>> = {},
): ColumnMapping => {
  const bySynonym = new Map<string, string>();
  for (const [field, synonyms] of Object.entries(FIELD_SYNONYMS[type])) {
    for (const synonym of [field, ...synonyms]) if (!bySynonym.has(foldHeader(synonym))) bySynonym.set(foldHeader(synonym), field);
  }
  for (const p of properties) {
    for (const name of [p.name, p.label]) if (!bySynonym.has(foldHeader(name))) bySynonym.set(foldHeader(name), `properties.${p.name}`);
  }
  for (const [header, field] of Object.entries(overrides)) {
    if (!headers.includes(header)) throw invalid(`--map names a column "${header}" that the file does not have`, [{ field: 'map', message: `no column "${header}"` }]);
    if (!knownField(type, field, properties)) throw invalid(`--map: "${field}" is not an importable ${type} field or a defined custom property (write custom ones as properties.<name>)`, [{ field: 'map', message: `unknown field "${field}"` }]);
  }
  const taken = new Set<string>();
  const targets: ColumnTarget[] = [];
  const unknownColumns: string[] = [];
  headers.forEach((header, index) => {
    const field = overrides[header] ?? bySynonym.get(foldHeader(header));
    if (field === undefined || taken.has(field)) {
      unknownColumns.push(header);
      return;
    }
    taken.add(field);
    targets.push({ index, header, field });
  });
  return { targets, unknownColumns };
};

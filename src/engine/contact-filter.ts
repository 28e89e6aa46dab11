import { FilterError, parseFilter } from '../domain/filter/filter-schema.ts';
import type { EventCondition, Filter, PropertyCondition } from '../domain/filter/filter.ts';
import { isEventCondition, someLeaf } from '../domain/filter/filter-tree.ts';
import { resolveProperty } from '../domain/filter/property-source.ts';
import { compileFilterSql, type FilterSql } from '../domain/filter/sql.ts';
import { foldCase } from '../domain/filter/values.ts';
import type { Queryable } from '../store/database.ts';
import { propertyTypes } from '../store/property-definitions.ts';
import type { FieldProblem } from './app-error.ts';

/** A filter given as input (a list query, a saved view): the parsed filter, or each problem under `field`. */
export const readFilter = (json: unknown, field: string): { filter: Filter; problems: [] } | { filter: null; problems: FieldProblem[] } => {
  try {
    return { filter: parseFilter(json), problems: [] };
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    return { filter: null, problems: error.problems.map((p) => ({ field: `${field}.${p.path}`, message: p.message })) };
  }
};

/** Whether a filter names a custom property, the only kind whose declared type the compilers need. */
const namesCustomProperty = (filter: Filter): boolean =>
  // An event condition's `where` reads the event's own properties, never a declared one.
  someLeaf(filter, (leaf: PropertyCondition | EventCondition) => !isEventCondition(leaf) && 'key' in resolveProperty(leaf.property, {}));

/** The property conditions every match must meet: the filter itself, or what its top-level `all` groups hold. */
const requiredConditions = (filter: Filter): PropertyCondition[] => {
  if ('all' in filter) return filter.all.flatMap(requiredConditions);
  return 'any' in filter || 'not' in filter || isEventCondition(filter) ? [] : [filter];
};

/** The one lifecycle stage a filter requires, as its text comparison reads it (case-folded), if it requires one. */
const requiredStage = (filter: Filter): string | null => {
  for (const condition of requiredConditions(filter)) {
    if (condition.property !== 'lifecycleStage') continue;
    if (condition.op === 'eq' && typeof condition.value === 'string') return foldCase(condition.value);
    if (condition.op === 'in' && condition.value.length === 1 && typeof condition.value[0] === 'string') return foldCase(condition.value[0]);
  }
  return null;
};

/**
 * A contact filter as a SQL condition on the contacts row aliased `r` (parameters from $2, after the
 * workspace id), compiled with the workspace's declared custom property types, as lists and exports read it.
 * A filter on standard fields only compiles without looking the types up.
 *
 * A filter that requires one lifecycle stage also gets that stage as a condition on the expression of the
 * index contacts_stage_created (migration 0008), so a list finds its page there in created order instead of
 * testing contacts one by one. Every contact the compiled filter accepts meets it (the filter compares the
 * stage as lower(NULLIF(stage, '') COLLATE "C")), so the rows are the same; only the plan changes.
 */
export const contactFilterSql = async (q: Queryable, workspaceId: string, filter: Filter, now = new Date()): Promise<FilterSql> => {
  const stage = requiredStage(filter);
  const compiled = compileFilterSql(filter, {
    contactAlias: 'r',
    firstParam: stage === null ? 2 : 3,
    now,
    workspaceId,
    customTypes: namesCustomProperty(filter) ? await propertyTypes(q, workspaceId, 'contact') : {},
  });
  if (stage === null) return compiled;
  return { sql: `lower(r.lifecycle_stage COLLATE "C") = $2::text AND (${compiled.sql})`, params: [stage, ...compiled.params] };
};

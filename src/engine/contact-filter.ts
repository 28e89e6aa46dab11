import { FilterError, parseFilter } from '../domain/filter/filter-schema.ts';
import type { Filter } from '../domain/filter/filter.ts';
import { foldTree, isEventCondition } from '../domain/filter/filter-tree.ts';
import { resolveProperty } from '../domain/filter/property-source.ts';
import { compileFilterSql, type FilterSql } from '../domain/filter/sql.ts';
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
  foldTree<Exclude<Filter, { all: unknown } | { any: unknown } | { not: unknown }>, boolean>(filter, {
    all: (parts) => parts.some(Boolean),
    any: (parts) => parts.some(Boolean),
    not: (part) => part,
    // An event condition's `where` reads the event's own properties, never a declared one.
    leaf: (leaf) => !isEventCondition(leaf) && 'key' in resolveProperty(leaf.property, {}),
  });

/**
 * A contact filter as a SQL condition on the contacts row aliased `r` (parameters from $2, after the
 * workspace id), compiled with the workspace's declared custom property types, as lists and exports read it.
 * A filter on standard fields only compiles without looking the types up.
 */
export const contactFilterSql = async (q: Queryable, workspaceId: string, filter: Filter, now = new Date()): Promise<FilterSql> =>
  compileFilterSql(filter, {
    contactAlias: 'r',
    firstParam: 2,
    now,
    workspaceId,
    customTypes: namesCustomProperty(filter) ? await propertyTypes(q, workspaceId, 'contact') : {},
  });

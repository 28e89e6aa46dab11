// Saved views: a named filter, sort and column list over one object type, stored per workspace.

import { readFilter } from '../contact-filter.ts';
import type { Filter } from '../../domain/filter/filter.ts';
import { changedFields, writeAudit } from '../../store/audit.ts';
import { newId } from '../../store/ids.ts';
import { type ObjectType, RECORD_TABLES } from '../../store/record-tables.ts';
import { AppError, type FieldProblem, invalid, notFound } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { rethrowUniqueViolation, violatesUnique } from '../unique-violation.ts';

export type SavedView = {
  id: string;
  name: string;
  objectType: ObjectType;
  /** In the filter language; contacts only (the SQL compiler reads the contacts table). */
  filter: Filter | null;
  sort: string;
  order: 'asc' | 'desc';
  /** Fields to export, in order: standard fields or `properties.<name>`; empty = every field. */
  columns: string[];
  createdAt: string;
  updatedAt: string;
};

export type SavedViewInput = { name: string; objectType: ObjectType; filter?: unknown; sort?: string; order?: 'asc' | 'desc'; columns?: string[] };

type Row = { id: string; name: string; object_type: ObjectType; filter: Filter | null; sort: string; sort_order: 'asc' | 'desc'; columns: string[]; created_at: Date; updated_at: Date };

const fromRow = (r: Row): SavedView => ({
  id: r.id,
  name: r.name,
  objectType: r.object_type,
  filter: r.filter,
  sort: r.sort,
  order: r.sort_order,
  columns: r.columns,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Checks a view's filter, sort and columns against its object type; returns the parsed filter. */
const check = (input: Required<Omit<SavedViewInput, 'filter'>> & { filter: unknown }): Filter | null => {
  const problems: FieldProblem[] = [];
  const fields = RECORD_TABLES[input.objectType].columns;
  let filter: Filter | null = null;
  if (input.filter !== null && input.filter !== undefined) {
    if (input.objectType !== 'contact') problems.push({ field: 'filter', message: 'filters apply to contact views only' });
    else {
      const read = readFilter(input.filter, 'filter');
      filter = read.filter;
      problems.push(...read.problems);
    }
  }
  if (!Object.hasOwn(fields, input.sort) || fields[input.sort]!.type === 'jsonb') problems.push({ field: 'sort', message: `"${input.sort}" is not a sortable ${input.objectType} field` });
  for (const column of input.columns) {
    if (!Object.hasOwn(fields, column) && !/^properties\.[a-zA-Z][a-zA-Z0-9_]*$/.test(column)) problems.push({ field: 'columns', message: `"${column}" is not a ${input.objectType} field or properties.<name>` });
  }
  if (input.name.trim() === '') problems.push({ field: 'name', message: 'a view needs a name' });
  if (problems.length > 0) throw invalid(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return filter;
};

export const listViews = async (ctx: RequestContext, objectType?: ObjectType): Promise<SavedView[]> =>
  (await ctx.db.query<Row>('SELECT * FROM saved_views WHERE workspace_id = $1 AND ($2::text IS NULL OR object_type = $2) ORDER BY object_type, name', [ctx.workspaceId, objectType ?? null])).map(fromRow);

export const getView = async (ctx: RequestContext, id: string): Promise<SavedView> => {
  const [row] = await ctx.db.query<Row>('SELECT * FROM saved_views WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, id]);
  if (!row) throw notFound(`view ${id}`);
  return fromRow(row);
};

export const findViewByName = async (ctx: RequestContext, objectType: ObjectType, name: string): Promise<SavedView> => {
  const [row] = await ctx.db.query<Row>('SELECT * FROM saved_views WHERE workspace_id = $1 AND object_type = $2 AND name = $3', [ctx.workspaceId, objectType, name]);
  if (!row) throw notFound(`${objectType} view "${name}"`);
  return fromRow(row);
};

const save = (ctx: RequestContext, before: SavedView | null, input: SavedViewInput): Promise<SavedView> =>
  ctx.db
    .transaction(async (tx) => {
      const values = { name: input.name, objectType: input.objectType, filter: input.filter ?? null, sort: input.sort ?? 'createdAt', order: input.order ?? 'asc', columns: input.columns ?? [] };
      const filter = check(values);
      const id = before?.id ?? newId();
      const [row] = await tx.query<Row>(
        `INSERT INTO saved_views (workspace_id, id, name, object_type, filter, sort, sort_order, columns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (workspace_id, id) DO UPDATE SET name = EXCLUDED.name, filter = EXCLUDED.filter, sort = EXCLUDED.sort, sort_order = EXCLUDED.sort_order, columns = EXCLUDED.columns, updated_at = now()
         RETURNING *`,
        [ctx.workspaceId, id, values.name.trim(), values.objectType, filter === null ? null : JSON.stringify(filter), values.sort, values.order, JSON.stringify(values.columns)],
      );
      const after = fromRow(row!);
      await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: before ? 'view.update' : 'view.create', objectType: 'view', objectId: id, changes: changedFields(before, after) });
      return after;
    })
    .catch((error: unknown) => {
      if (violatesUnique(error, 'saved_views_workspace_id_object_type_name_key')) throw new AppError('conflict', `a ${input.objectType} view named "${input.name}" already exists`, [{ field: 'name', message: 'already taken' }]);
      return rethrowUniqueViolation(error);
    });

export const createView = (ctx: RequestContext, input: SavedViewInput): Promise<SavedView> => save(ctx, null, input);

/** The object type of a view does not change; everything else may. */
export const updateView = async (ctx: RequestContext, id: string, input: Partial<Omit<SavedViewInput, 'objectType'>>): Promise<SavedView> => {
  const before = await getView(ctx, id);
  return save(ctx, before, { ...before, ...input, objectType: before.objectType });
};

export const deleteView = async (ctx: RequestContext, id: string): Promise<void> => {
  const before = await getView(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await tx.query('DELETE FROM saved_views WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, id]);
    await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: 'view.delete', objectType: 'view', objectId: id, changes: changedFields(before, null) });
  });
};

// Streaming export of a view (or a whole object type) as CSV or JSON: pages are read with a keyset
// cursor and written as they come, so no more than one page is ever in memory.

import { stringify } from 'csv-stringify/sync';
import { contactFilterSql } from '../contact-filter.ts';
import { listPropertyDefinitions } from '../../store/property-definitions.ts';
import { type ObjectType, RECORD_TABLES } from '../../store/record-tables.ts';
import { type Cursor, type ListQuery, listRecords, type StoredRecord } from '../../store/records.ts';
import type { RequestContext } from '../context.ts';
import type { SavedView } from './saved-views.ts';

export type ExportFormat = 'csv' | 'json';

const PAGE = 1000;

/** Every record of the view, page by page, in the view's order. */
async function* pages(ctx: RequestContext, objectType: ObjectType, view: SavedView | null): AsyncGenerator<StoredRecord[]> {
  const where: NonNullable<ListQuery['where']> = [];
  if (objectType === 'contact') where.push({ sql: 'r.merged_into IS NULL', params: [] });
  if (view?.filter) {
    where.push(await contactFilterSql(ctx.db, ctx.workspaceId, view.filter));
  }
  let cursor: Cursor | undefined;
  for (;;) {
    const page = await listRecords(ctx.db, ctx.workspaceId, objectType, { where, sort: view?.sort ?? 'createdAt', order: view?.order ?? 'asc', limit: PAGE, ...(cursor ? { cursor } : {}) });
    if (page.records.length > 0) yield page.records;
    const last = page.records[page.records.length - 1];
    if (page.nextCursor === null || last === undefined) return;
    cursor = { value: last[view?.sort ?? 'createdAt'] ?? null, id: last.id };
  }
}

/** The view's columns, or every standard field then every defined custom property. */
const columnsOf = async (ctx: RequestContext, objectType: ObjectType, view: SavedView | null): Promise<string[]> => {
  if (view && view.columns.length > 0) return view.columns;
  const standard = Object.keys(RECORD_TABLES[objectType].columns).filter((f) => f !== 'properties' && f !== 'mergedInto');
  const custom = (await listPropertyDefinitions(ctx.db, ctx.workspaceId, objectType)).map((d) => `properties.${d.name}`);
  return [...standard, ...custom];
};

const cell = (record: StoredRecord, column: string): unknown => {
  const value = column.startsWith('properties.') ? (record.properties as Record<string, unknown> | undefined)?.[column.slice('properties.'.length)] : record[column];
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
};

/** The export as text chunks: a CSV with a header row, or one JSON array of records. */
export async function* exportRecords(ctx: RequestContext, objectType: ObjectType, view: SavedView | null, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'json') {
    let first = true;
    yield '[';
    for await (const page of pages(ctx, objectType, view)) {
      for (const record of page) {
        yield `${first ? '' : ','}\n${JSON.stringify(record)}`;
        first = false;
      }
    }
    yield '\n]\n';
    return;
  }
  const columns = await columnsOf(ctx, objectType, view);
  yield stringify([columns]);
  for await (const page of pages(ctx, objectType, view)) yield stringify(page.map((record) => columns.map((c) => cell(record, c))));
}

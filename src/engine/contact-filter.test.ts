import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import type { Filter } from '../domain/filter/filter.ts';
import type { Database, Queryable, Row } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { listRecords } from '../store/records.ts';
import { contactFilterSql } from './contact-filter.ts';

describe.each(backends)('contact filters in lists on %s', (kind) => {
  let db: Database;
  let workspaceId: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    workspaceId = await createTestWorkspace(db);
    // Stored stages in any case, empty and missing, among many contacts of another stage.
    const stages = ['marketing_qualified', 'Marketing_Qualified', 'MARKETING_QUALIFIED', '', null, ...Array<string>(300).fill('lead')];
    await db.query(
      `INSERT INTO contacts (workspace_id, id, lifecycle_stage, country, created_at)
       SELECT $1, id, stage, 'US', now() - make_interval(secs => ord) FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS s(id, stage, ord)`,
      [workspaceId, stages.map(() => newId()), stages],
    );
    await db.exec('ANALYZE contacts');
  });
  afterAll(() => db.close());

  /** The list statement a filter makes, as the records route builds it, and the stages of its page. */
  const list = async (filter: Filter) => {
    const statements: { sql: string; params: readonly unknown[] }[] = [];
    const recording: Queryable = { ...db, query: <T extends Row>(sql: string, params: readonly unknown[] = []) => (statements.push({ sql, params }), db.query<T>(sql, params)) };
    const where = [await contactFilterSql(db, workspaceId, filter), { sql: 'r.merged_into IS NULL', params: [] }];
    const page = await listRecords(recording, workspaceId, 'contact', { where, sort: 'createdAt', order: 'asc', limit: 50 });
    return { statement: statements.at(-1)!, stages: page.records.map((r) => r.lifecycleStage) };
  };

  it('finds the same contacts whether or not the filter requires one stage', async () => {
    const required = await list({ all: [{ property: 'lifecycleStage', op: 'eq', value: 'MARKETING_qualified' }, { property: 'country', op: 'in', value: ['us'] }] });
    const optional = await list({ any: [{ property: 'lifecycleStage', op: 'eq', value: 'MARKETING_qualified' }, { property: 'city', op: 'eq', value: 'nowhere' }] });
    expect(required.stages.sort()).toEqual(['MARKETING_QUALIFIED', 'Marketing_Qualified', 'marketing_qualified']);
    expect(optional.stages.sort()).toEqual(required.stages);
    expect(required.statement.sql).toContain('lower(r.lifecycle_stage COLLATE "C") = $2::text');
    expect(optional.statement.sql).not.toContain('lower(r.lifecycle_stage COLLATE "C") = $2::text');
    expect((await list({ property: 'lifecycleStage', op: 'in', value: ['Marketing_Qualified'] })).stages).toHaveLength(3);
    expect((await list({ not: { property: 'lifecycleStage', op: 'eq', value: 'lead' } })).stages.sort()).toEqual(['', 'MARKETING_QUALIFIED', 'Marketing_Qualified', 'marketing_qualified', null]);
  });

  it('reads a page of one stage from the stage index rather than walking every contact', async () => {
    const { statement } = await list({ all: [{ property: 'lifecycleStage', op: 'eq', value: 'marketing_qualified' }, { property: 'country', op: 'eq', value: 'US' }] });
    // A few hundred rows fit in a page or two, where a scan is as good as an index: only index plans may compete.
    const plan = await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off');
      await tx.exec('SET LOCAL enable_bitmapscan = off');
      return (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.sql}`, statement.params)).map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('contacts_stage_created');
  });
});

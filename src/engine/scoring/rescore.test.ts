import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../../test/databases.ts';
import { SYSTEM_ACTOR } from '../../store/audit.ts';
import type { Database } from '../../store/database.ts';
import type { RequestContext } from '../context.ts';
import { ingestEvents } from '../ingest/ingest-events.ts';
import { currentConfig, saveConfig } from '../workspace-config.ts';
import { rescoreWorkspace } from './rescore.ts';

describe.each(backends)('rescoring a workspace on %s', (kind) => {
  let db: Database;
  let ctx: RequestContext;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    ctx = { db, workspaceId: await createTestWorkspace(db), actor: SYSTEM_ACTOR };
  });
  afterAll(() => db.close());

  const fitScores = async () =>
    new Map(
      (await db.query<{ email: string; fit_score: number; lifecycle_stage: string }>('SELECT email, fit_score, lifecycle_stage FROM contacts WHERE workspace_id = $1', [ctx.workspaceId])).map(
        (r) => [r.email, { fit: r.fit_score, stage: r.lifecycle_stage }],
      ),
    );

  it('after a rule change, updates the scores the rule touches, moves who now qualifies, and counts both', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const person = (email: string, jobTitle: string) => [
      { type: 'form_submitted', occurredAt: at, contact: { email, jobTitle, country: 'US' }, properties: { formId: 'ebook' } },
      { type: 'form_submitted', occurredAt: at, contact: { email }, properties: { formId: 'guide' } },
      { type: 'webinar_attended', occurredAt: at, contact: { email } },
      { type: 'webinar_attended', occurredAt: at, contact: { email } },
    ];
    await ingestEvents(ctx, [
      ...person('dir1@firm-one.io', 'Director of Marketing'),
      ...person('dir2@firm-two.io', 'Sales Director'),
      ...person('ana@firm-three.io', 'Analyst'),
    ]);
    const before = await fitScores();
    expect(before.get('dir1@firm-one.io')).toEqual({ fit: 40, stage: 'marketing_qualified' });
    expect(before.get('ana@firm-three.io')).toEqual({ fit: 25, stage: 'lead' });

    // A new version stored without re-evaluation (as `start --config` does), then the bulk pass.
    const { config } = await currentConfig(db, ctx.workspaceId);
    const changed = structuredClone(config);
    changed.scoring.models[0]!.fit.push({ id: 'analyst', label: 'Analyst', when: { property: 'jobTitle', op: 'contains', value: 'Analyst' }, points: 20 });
    await db.transaction((tx) => saveConfig(ctx, tx, changed));
    const progress: number[] = [];
    const result = await rescoreWorkspace(db, ctx.workspaceId, { onProgress: (done, total) => progress.push(done / total) });

    expect(result).toMatchObject({ examined: 3, rescored: 1, moved: 1 });
    expect(progress.at(-1)).toBe(1);
    const after = await fitScores();
    expect(after.get('ana@firm-three.io')).toEqual({ fit: 45, stage: 'marketing_qualified' });
    expect(after.get('dir1@firm-one.io')).toEqual(before.get('dir1@firm-one.io'));
  });
});

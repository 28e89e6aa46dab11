// A duplicate scan over a workspace's contacts: loaded page by page (with their company's name), run
// through the fuzzy matcher, and the new pairs stored for review. Pairs already stored, dismissed
// ones included, are never proposed again.

import { findDuplicateCandidates } from '../../domain/matching/scan.ts';
import type { MatchRecord } from '../../domain/matching/prepared-record.ts';
import { DEFAULT_MATCH_CONFIG, type MatchConfig } from '../../domain/matching/match-config.ts';
import { writeAudit } from '../../store/audit.ts';
import type { Queryable } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import type { RequestContext } from '../context.ts';
import { mergeContacts } from './merge.ts';
import { recordSet } from '../../store/record-set.ts';

export type ScanSummary = {
  scanned: number;
  /** Pairs at or above the review threshold, stored or not. */
  found: number;
  /** Pairs stored by this scan (not proposed before). */
  proposed: number;
  autoMerged: number;
  /** Phone numbers (E.164) that more than one contact has: an exact key, reported rather than enforced. */
  sharedPhones: { phone: string; contacts: number }[];
};

const PAGE = 10_000;

type ContactRow = { id: string; email: string | null; first_name: string | null; last_name: string | null; phone: string | null; city: string | null; company: string | null };

const loadContacts = async (q: Queryable, workspaceId: string): Promise<MatchRecord[]> => {
  const all: MatchRecord[] = [];
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const page = await q.query<ContactRow>(
      `SELECT c.id, c.email, c.first_name, c.last_name, c.phone, c.city, co.name AS company
       FROM contacts c LEFT JOIN companies co ON co.workspace_id = c.workspace_id AND co.id = c.company_id
       WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND c.id > $2 ORDER BY c.id LIMIT $3`,
      [workspaceId, after, PAGE],
    );
    for (const r of page) all.push({ id: r.id, email: r.email, firstName: r.first_name, lastName: r.last_name, phone: r.phone, city: r.city, company: r.company });
    if (page.length < PAGE) return all;
    after = page[page.length - 1]!.id;
  }
};

export const scanDuplicates = async (
  ctx: RequestContext,
  options: { autoMerge?: boolean; config?: MatchConfig } = {},
): Promise<ScanSummary> => {
  const config = options.config ?? DEFAULT_MATCH_CONFIG;
  const contacts = await loadContacts(ctx.db, ctx.workspaceId);
  const found = findDuplicateCandidates(contacts, config);
  const pairs = found.map((c) => ({
    id: newId(),
    contact_a: c.a < c.b ? c.a : c.b,
    contact_b: c.a < c.b ? c.b : c.a,
    score: c.score,
    matched_fields: c.matchedFields,
    auto: c.action === 'auto_merge',
  }));
  const proposed = await ctx.db.transaction(async (tx) => {
    const stored = pairs.length === 0 ? [] : await tx.query<{ contact_a: string; contact_b: string }>(
      `INSERT INTO duplicate_candidates (workspace_id, id, contact_a, contact_b, score, matched_fields)
       SELECT $1, x.id, x.contact_a, x.contact_b, x.score, x.matched_fields
       FROM ${recordSet('$2', 'x', ['id uuid', 'contact_a uuid', 'contact_b uuid', 'score float8', 'matched_fields jsonb'])}
       ON CONFLICT (workspace_id, contact_a, contact_b) DO NOTHING RETURNING contact_a, contact_b`,
      [ctx.workspaceId, JSON.stringify(pairs)],
    );
    await writeAudit(tx, ctx.workspaceId, ctx.actor, {
      action: 'dedup.scan',
      objectType: 'contact',
      objectId: null,
      changes: { scanned: { before: null, after: contacts.length }, proposed: { before: null, after: stored.length } },
    });
    return new Set(stored.map((s) => `${s.contact_a}|${s.contact_b}`));
  });
  let autoMerged = 0;
  if (options.autoMerge) {
    const merged = new Set<string>();
    for (const p of pairs) {
      if (!p.auto || !proposed.has(`${p.contact_a}|${p.contact_b}`) || merged.has(p.contact_a) || merged.has(p.contact_b)) continue;
      const result = await mergeContacts(ctx, { a: p.contact_a, b: p.contact_b, reason: `automatic merge: score ${p.score.toFixed(3)}` });
      merged.add(result.loserId);
      autoMerged++;
    }
  }
  const sharedPhones = await ctx.db.query<{ phone: string; contacts: number }>(
    `SELECT phone, count(*)::int AS contacts FROM contacts WHERE workspace_id = $1 AND phone IS NOT NULL AND merged_into IS NULL
     GROUP BY phone HAVING count(*) > 1 ORDER BY count(*) DESC, phone LIMIT 100`,
    [ctx.workspaceId],
  );
  return { scanned: contacts.length, found: found.length, proposed: proposed.size, autoMerged, sharedPhones };
};

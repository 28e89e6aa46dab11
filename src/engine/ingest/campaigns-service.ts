import { changedFields, writeAudit } from '../../store/audit.ts';
import type { Row } from '../../store/database.ts';
import { newId } from '../../store/ids.ts';
import { invalid } from '../app-error.ts';
import type { RequestContext } from '../context.ts';
import { rethrowUniqueViolation } from '../unique-violation.ts';
import { instantText } from '../../store/instant-text.ts';

// Campaigns and landing pages: the records forms link to and touches point at (a campaign by the
// utm_campaign value its links carry, a landing page by its URL).

export type Campaign = { id: string; name: string; key: string; channel: string | null; createdAt: string };
export type LandingPage = { id: string; name: string; url: string; campaignId: string | null; createdAt: string };

const toCampaign = (row: Row): Campaign => ({
  id: row.id as string,
  name: row.name as string,
  key: row.key as string,
  channel: (row.channel as string | null) ?? null,
  createdAt: instantText(row.created_at),
});

const toLandingPage = (row: Row): LandingPage => ({
  id: row.id as string,
  name: row.name as string,
  url: row.url as string,
  campaignId: (row.campaign_id as string | null) ?? null,
  createdAt: instantText(row.created_at),
});

export const createCampaign = (ctx: RequestContext, input: { name: string; key: string; channel?: string | null }): Promise<Campaign> =>
  ctx.db
    .transaction(async (tx) => {
      const [row] = await tx.query('INSERT INTO campaigns (workspace_id, id, name, key, channel) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
        ctx.workspaceId,
        newId(),
        input.name,
        input.key,
        input.channel ?? null,
      ]);
      const created = toCampaign(row!);
      await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: 'campaign.create', objectType: 'campaign', objectId: created.id, changes: changedFields(null, created) });
      return created;
    })
    .catch(rethrowUniqueViolation);

export const listCampaigns = async (ctx: RequestContext): Promise<Campaign[]> =>
  (await ctx.db.query('SELECT * FROM campaigns WHERE workspace_id = $1 ORDER BY created_at, id LIMIT 1000', [ctx.workspaceId])).map(toCampaign);

export const createLandingPage = (ctx: RequestContext, input: { name: string; url: string; campaignId?: string | null }): Promise<LandingPage> =>
  ctx.db
    .transaction(async (tx) => {
      if (input.campaignId && (await tx.query('SELECT 1 FROM campaigns WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, input.campaignId])).length === 0) {
        throw invalid('campaignId names no campaign', [{ field: 'campaignId', message: `no campaign ${input.campaignId}` }]);
      }
      const [row] = await tx.query('INSERT INTO landing_pages (workspace_id, id, name, url, campaign_id) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
        ctx.workspaceId,
        newId(),
        input.name,
        input.url,
        input.campaignId ?? null,
      ]);
      const created = toLandingPage(row!);
      await writeAudit(tx, ctx.workspaceId, ctx.actor, { action: 'landing_page.create', objectType: 'landing_page', objectId: created.id, changes: changedFields(null, created) });
      return created;
    })
    .catch(rethrowUniqueViolation);

export const listLandingPages = async (ctx: RequestContext): Promise<LandingPage[]> =>
  (await ctx.db.query('SELECT * FROM landing_pages WHERE workspace_id = $1 ORDER BY created_at, id LIMIT 1000', [ctx.workspaceId])).map(toLandingPage);

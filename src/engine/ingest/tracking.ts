import { TRACKING_PARAMS } from '../../domain/attribution/tracking-params.ts';
import type { Database, Queryable } from '../../store/database.ts';
import { invalid } from '../app-error.ts';
import { ingestEvents } from './ingest-events.ts';

/** What the /t beacon sends: the visitor, the page, where it came from; tags may also come apart from the URL. */
export type PageHit = Record<string, unknown> & { vid?: unknown; url?: unknown; referrer?: unknown; title?: unknown };

/** The workspace a public tracking key names, or null. */
export const workspaceByTrackingKey = async (q: Queryable, key: string): Promise<string | null> => {
  const [row] = await q.query<{ id: string }>('SELECT id FROM workspaces WHERE tracking_key = $1', [key]);
  return row?.id ?? null;
};

export const trackingKeyOf = async (q: Queryable, workspaceId: string): Promise<string> => {
  const [row] = await q.query<{ tracking_key: string }>('SELECT tracking_key FROM workspaces WHERE id = $1', [workspaceId]);
  return row!.tracking_key;
};

const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value !== '' ? value.slice(0, max) : null);

/** Records a page view of an anonymous visitor (or of the contact it is already known to be). */
export const trackPageView = async (db: Database, workspaceId: string, hit: PageHit): Promise<void> => {
  const vid = text(hit.vid, 200);
  const url = text(hit.url, 4000);
  if (vid === null || url === null) throw invalid('a page view needs vid (the visitor id) and url', [{ field: vid === null ? 'vid' : 'url', message: 'is required' }]);
  const properties: Record<string, unknown> = { url };
  const referrer = text(hit.referrer, 4000);
  const title = text(hit.title, 500);
  if (referrer) properties.referrer = referrer;
  if (title) properties.title = title;
  for (const name of TRACKING_PARAMS) {
    const value = text(hit[name], 500);
    if (value) properties[name] = value;
  }
  const { results } = await ingestEvents({ db, workspaceId, actor: { type: 'system', id: null, role: 'member' } }, [
    { type: 'page_view', contact: { anonymousId: vid }, properties },
  ]);
  if (results[0]!.status === 'rejected') throw invalid(results[0]!.reason!);
};

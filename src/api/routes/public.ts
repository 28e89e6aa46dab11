import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { AppError, invalid, notFound } from '../../engine/app-error.ts';
import { submitForm } from '../../engine/ingest/form-submission.ts';
import { findPublishedForm } from '../../engine/ingest/forms-service.ts';
import { trackPageView, workspaceByTrackingKey, type PageHit } from '../../engine/ingest/tracking.ts';
import { newId } from '../../store/ids.ts';
import { clientIp } from '../client-ip.ts';
import { EMBED_SCRIPT } from '../embed-script.ts';
import type { AppEnv } from '../env.ts';
import { formPage, HONEYPOT_FIELD, thankYouPage } from '../form-page.ts';
import { fixedWindowLimiter, type RateLimiter } from '../rate-limit.ts';

// The keyless surface: hosted forms and their submissions, the tracking beacon and the embed script.
// Mounted outside the API-key middleware; the workspace comes from the form id or the public tracking key.

export type PublicOptions = {
  /** Read the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy?: boolean;
  /** Submissions per IP and form; default 10 a minute. */
  formLimiter?: RateLimiter;
  /** Page views per IP; default 600 a minute. */
  trackLimiter?: RateLimiter;
};

const VISITOR_COOKIE = 'lc_vid';
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const wantsJson = (c: Context): boolean =>
  (c.req.header('accept') ?? '').includes('application/json') || (c.req.header('content-type') ?? '').includes('application/json');

const readBody = async (c: Context): Promise<Record<string, unknown>> => {
  const type = c.req.header('content-type') ?? '';
  try {
    if (type.includes('application/json') || type.includes('text/plain')) {
      const parsed: unknown = JSON.parse(await c.req.text());
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      throw new Error('not an object');
    }
    return (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  } catch {
    throw invalid('the body must be a JSON object or a urlencoded form', [{ field: '(body)', message: 'unreadable' }]);
  }
};

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

const publishedForm = async (c: Context<AppEnv>) => {
  const id = c.req.param('formId') ?? '';
  const found = UUID.test(id) ? await findPublishedForm(c.var.db, id) : null;
  if (!found) throw notFound(`form ${id}`);
  return found;
};

/** The definition the embed script renders: nothing a visitor should not see. */
const publicDefinition = (form: Awaited<ReturnType<typeof findPublishedForm>> & object) => ({
  id: form.form.id,
  name: form.form.name,
  fields: form.form.fields,
  consent: form.form.consent,
});

export const registerPublicRoutes = (app: Hono<AppEnv>, options: PublicOptions = {}) => {
  const trustProxy = options.trustProxy ?? process.env.LEADCYCLE_TRUST_PROXY === 'true';
  const formLimiter = options.formLimiter ?? fixedWindowLimiter(10, 60_000);
  const trackLimiter = options.trackLimiter ?? fixedWindowLimiter(600, 60_000);
  const anyOrigin = cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Accept'] });
  app.use('/f/*', anyOrigin);
  app.use('/t', anyOrigin);

  app.get('/embed.js', (c) => c.body(EMBED_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));

  app.get('/f/:formId', async (c) => {
    const found = await publishedForm(c);
    if (wantsJson(c)) return c.json(publicDefinition(found), 200);
    const visitorId = getCookie(c, VISITOR_COOKIE) ?? newId();
    setCookie(c, VISITOR_COOKIE, visitorId, { path: '/', maxAge: 31_536_000, sameSite: 'Lax', httpOnly: true });
    return c.html(formPage(found.form, visitorId));
  });

  // Bots are turned away before the database is touched: the limit and the honeypot need no lookup.
  app.post('/f/:formId', async (c) => {
    if (!formLimiter.hit(`${clientIp(c, trustProxy)}|${c.req.param('formId')}`)) {
      throw new AppError('rate_limited', 'too many submissions from this address; try again in a minute');
    }
    const body = await readBody(c);
    if (str(body[HONEYPOT_FIELD]) !== null) throw invalid('the submission was refused as spam', [{ field: HONEYPOT_FIELD, message: 'must be empty' }]);
    const { workspaceId, form } = await publishedForm(c);
    const { contactId } = await submitForm(c.var.db, workspaceId, form, body, {
      visitorId: str(body.lc_vid) ?? getCookie(c, VISITOR_COOKIE) ?? null,
      url: str(body.lc_url) ?? c.req.header('referer') ?? null,
      referrer: str(body.lc_referrer),
      submissionId: str(body.lc_sid),
    });
    if (wantsJson(c)) {
      return c.json({ ok: true, contactId, redirectUrl: form.redirectUrl, message: form.thankYouMessage ?? 'Thank you, we received your submission.' }, 201);
    }
    return form.redirectUrl ? c.redirect(form.redirectUrl, 303) : c.html(thankYouPage(form), 201);
  });

  const track = async (c: Context<AppEnv>, hit: PageHit) => {
    if (!trackLimiter.hit(clientIp(c, trustProxy))) throw new AppError('rate_limited', 'too many page views from this address');
    const key = str(hit.k);
    const workspaceId = key ? await workspaceByTrackingKey(c.var.db, key) : null;
    if (!workspaceId) throw invalid('k must be the tracking key of a workspace', [{ field: 'k', message: 'unknown tracking key' }]);
    await trackPageView(c.var.db, workspaceId, hit);
  };
  app.get('/t', async (c) => {
    const query = c.req.query();
    await track(c, { ...query, referrer: query.referrer ?? query.ref });
    return c.body(PIXEL, 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' });
  });
  app.post('/t', async (c) => {
    await track(c, await readBody(c));
    return c.body(null, 204);
  });
};

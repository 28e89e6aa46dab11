// /embed.js in a real browser (Debian's chromium), on a site of another origin than leadcycle's: the visitor id
// cookie, the page-view beacons, the form it renders, and its submission, cross-origin as on a customer's site.
// CI installs chromium and requires this test (.ci/run sets LEADCYCLE_BROWSER_TESTS=required); on another machine
// without chromium the file is skipped.

import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../test/databases.ts';
import { trackingKeyOf } from '../engine/ingest/tracking.ts';
import type { Database } from '../store/database.ts';
import { createApiKey } from '../store/workspaces.ts';
import { type RunningServer, startServer } from './server.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.LEADCYCLE_BROWSER_TESTS === 'required') throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium`);

type Json = Record<string, unknown>;

/** A customer's site: every path is the same page, with the embed script and a form placeholder. */
const startSite = (page: () => string): Promise<{ server: Server; url: string }> =>
  new Promise((resolve) => {
    const server = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page()));
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });

describe.runIf(hasChromium)('the embed script in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(() => browser.close());

  describe.each(backends)('against leadcycle on %s', (kind) => {
    let db: Database;
    let leadcycle: RunningServer;
    let site: { server: Server; url: string };
    let workspaceId: string;
    let key: string;
    let formId: string;

    const api = async (method: string, path: string, body?: unknown): Promise<Json> => {
      const res = await fetch(`${leadcycle.url}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
      return (await res.json()) as Json;
    };

    beforeAll(async () => {
      db = await openTestDatabase(kind);
      leadcycle = await startServer(db, 0, '127.0.0.1');
      workspaceId = await createTestWorkspace(db);
      key = (await createApiKey(db, workspaceId, { role: 'admin' })).key;
      const campaign = await api('POST', '/campaigns', { name: 'Spring', key: 'spring', channel: 'paid_search' });
      const landingPage = await api('POST', '/landing-pages', { name: 'Demo page', url: 'https://acme.io/demo', campaignId: campaign.id });
      const form = await api('POST', '/forms', {
        key: 'demo-request',
        name: 'Demo',
        fields: [
          { name: 'email', label: 'Work email', type: 'email', required: true },
          { name: 'firstName', label: 'First name', type: 'text', required: false },
        ],
        status: 'published',
        campaignId: campaign.id,
        landingPageId: landingPage.id,
      });
      formId = form.id as string;
      const trackingKey = await trackingKeyOf(db, workspaceId);
      site = await startSite(
        () =>
          `<!doctype html><html><head><title>Acme</title><script src="${leadcycle.url}/embed.js" data-key="${trackingKey}" async></script></head>` +
          `<body><h1>Acme</h1><div data-leadcycle-form="${formId}"></div></body></html>`,
      );
    });
    afterAll(async () => {
      await new Promise((done) => site.server.close(done));
      await leadcycle.close();
      await db.close();
    });

    it('tracks a paid visitor’s three page views and joins them to the contact its form submission creates', async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const landing = `${site.url}/?utm_source=google&utm_medium=cpc&utm_campaign=spring&gclid=Cj0abc`;
        for (const path of [landing, `${site.url}/pricing`, `${site.url}/demo`]) {
          const beacon = page.waitForResponse((res) => res.url() === `${leadcycle.url}/t`);
          await page.goto(path, { referer: path === landing ? 'https://www.google.com/' : landing });
          expect((await beacon).ok()).toBe(true);
        }
        // One visitor id for the three pages, kept in the site's own cookie.
        const cookies = await context.cookies(site.url);
        const vid = cookies.find((c) => c.name === 'lc_vid')?.value;
        expect(vid).toBeTruthy();
        const anonymous = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND anonymous_id = $2 AND type = 'page_view' AND contact_id IS NULL",
          [workspaceId, decodeURIComponent(vid!)],
        );
        expect(anonymous[0]!.n).toBe(3);

        // The form, rendered from its public definition, sent cross-origin with the visitor id.
        await page.getByLabel('Work email *').fill('dana@acme-customer.com');
        await page.getByLabel('First name').fill('Dana');
        const submitted = page.waitForResponse((res) => res.url() === `${leadcycle.url}/f/${formId}` && res.request().method() === 'POST');
        await page.getByRole('button', { name: 'Submit' }).click();
        expect((await submitted).status()).toBe(201);
        await page.getByText('Thank you, we received your submission.').waitFor();

        const [contact] = await db.query<{ id: string; first_name: string; original_source: Json }>(
          'SELECT id, first_name, original_source FROM contacts WHERE workspace_id = $1 AND email = $2',
          [workspaceId, 'dana@acme-customer.com'],
        );
        expect(contact).toMatchObject({ first_name: 'Dana', original_source: { channel: 'paid_search', campaign: 'spring', source: 'google', medium: 'cpc' } });
        const timeline = (await api('GET', `/contacts/${contact!.id}/timeline`)).data as { kind: string; data: { type: string } }[];
        expect(timeline.filter((e) => e.kind === 'event').map((e) => e.data.type)).toEqual(['form_submitted', 'page_view', 'page_view', 'page_view']);
      } finally {
        await context.close();
      }
    });

    it('serves a hosted form that a person can submit, and refuses what a bot fills into the hidden field', async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${leadcycle.url}/f/${formId}`);
        await page.getByLabel('Work email').fill('lee@hosted-buyer.com');
        const sent = page.waitForResponse((res) => res.url() === `${leadcycle.url}/f/${formId}` && res.request().method() === 'POST');
        await page.getByRole('button', { name: 'Submit' }).click();
        expect((await sent).status()).toBe(201);
        await page.getByText('Thank you').first().waitFor();

        await page.goto(`${leadcycle.url}/f/${formId}`);
        await page.getByLabel('Work email').fill('bot@spam-farm.io');
        await page.locator('input[name="lc_hp"]').fill('https://spam.example');
        const refused = page.waitForResponse((res) => res.url() === `${leadcycle.url}/f/${formId}` && res.request().method() === 'POST');
        await page.getByRole('button', { name: 'Submit' }).click();
        expect((await refused).ok()).toBe(false);
        const emails = await db.query<{ email: string }>("SELECT email FROM contacts WHERE workspace_id = $1 AND email IN ('lee@hosted-buyer.com', 'bot@spam-farm.io')", [workspaceId]);
        expect(emails.map((row) => row.email)).toEqual(['lee@hosted-buyer.com']);
      } finally {
        await context.close();
      }
    });
  });
});

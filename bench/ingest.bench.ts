// POST /api/v1/events end to end over real HTTP, in batches of 10,000 with a realistic mix (70% page views,
// half of them anonymous; 10% form submissions that create contacts and identify visitors; the rest email
// clicks and downloads of known contacts), from one client and from two posting at once, against a raw COPY of the
// very event rows it wrote (in binary and in text, the faster of the two).

import { startServer } from '../src/api/server.ts';
import { seededRandom } from '../src/domain/predictive/seeded-random.ts';
import { createApiKey } from '../src/store/workspaces.ts';
import { insertEvents } from '../src/store/events.ts';
import { newId } from '../src/store/ids.ts';
import { touchSource } from '../src/engine/ingest/touch-source.ts';
import type { Benchmark } from './benchmark.ts';
import { round, seconds, withCpu } from './measure.ts';
import { weighted } from './generate/weighted.ts';

const BATCH = 10_000;
/** Clients posting at once in the headline figure; one client alone is measured too. */
const SENDERS = 2;
const KNOWN_CONTACTS = 5_000;
/**
 * Events each known contact already has in the long-history phase: a year of visits (page views, email clicks), as
 * a workspace live for a while holds. The other phases' known contacts have only the run's own events.
 */
const HISTORY_PER_CONTACT = 50;
// Landing pages as a site's traffic spreads over them: a few hundred pages, the popular ones far more often;
// a paid click carries its own click id, so no two of them are the same URL.
const landingUrl = (random: () => number, i: number): string => {
  const page = Math.floor(random() ** 2 * 300);
  switch (Math.floor(random() * 4)) {
    case 0:
      return `https://acme.io/?utm_source=google&utm_medium=cpc&utm_campaign=spring-${page % 12}&gclid=${i.toString(36)}x${page}`;
    case 1:
      return `https://acme.io/blog/post-${page}?utm_source=newsletter&utm_medium=email&utm_campaign=issue-${page % 40}`;
    case 2:
      return `https://acme.io/docs/page-${page}`;
    default:
      return page < 30 ? 'https://acme.io/pricing' : `https://acme.io/blog/post-${page}`;
  }
};
const REFERRERS = ['https://www.google.com/', 'https://www.linkedin.com/feed/', '', 'https://news.example.com/story'];

/** The email of the i-th contact seeded before the run. */
const knownEmail = (i: number) => `person${i}@known-${i % 500}.example.com`;

type Kind = 'anonymous_view' | 'known_view' | 'form' | 'other';
const MIX = weighted<Kind>([
  ['anonymous_view', 35],
  ['known_view', 35],
  ['form', 10],
  ['other', 20],
]);

export const makeEvents = (count: number, seed: number, runId: string) => {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const start = Date.parse('2025-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const occurredAt = new Date(start + i * 1000).toISOString();
    const visitor = `v-${runId}-${Math.floor(random() * count / 4)}`;
    const seeded = Math.floor(random() * KNOWN_CONTACTS);
    const known = knownEmail(seeded);
    const page = { url: landingUrl(random, i), referrer: pick(REFERRERS) };
    switch (MIX.pick(random)) {
      case 'anonymous_view':
        return { id: `${runId}-${i}`, type: 'page_view', occurredAt, contact: { anonymousId: visitor }, properties: page };
      case 'known_view':
        return { id: `${runId}-${i}`, type: 'page_view', occurredAt, contact: { email: known }, properties: page };
      case 'form':
        return {
          id: `${runId}-${i}`,
          type: 'form_submitted',
          occurredAt,
          contact: { email: `new-${runId}-${i}@buyer-${i % 997}.example.org`, anonymousId: visitor, firstName: 'Sam', jobTitle: 'Head of Sales' },
          properties: { formId: random() < 0.2 ? 'demo-request' : 'contact-us', ...page },
        };
      default:
        return { id: `${runId}-${i}`, type: random() < 0.5 ? 'email_clicked' : 'asset_downloaded', occurredAt, contact: { email: known }, properties: { url: landingUrl(random, i) } };
    }
  });
};

/** `{ <name>PerThousandEvents: ms }` of `cpuSeconds` over `events`; nothing where the CPU time is not known. */
const perThousand = (name: string, cpuSeconds: number | null, events: number): Record<string, number> =>
  cpuSeconds === null ? {} : { [`${name}PerThousandEvents`]: round((cpuSeconds * 1e6) / events, 1) };

export const benchmark: Benchmark = {
  name: 'ingest',
  description: 'POST /api/v1/events in batches of 10,000 (realistic mix) over HTTP vs a raw COPY (binary or text, the faster) of the same event rows',
  unit: 'events',
  defaultSize: 50_000,
  run: async ({ backend, size, seed, log }) => {
    const { db } = backend;
    const server = await startServer(db, 0, '127.0.0.1');
    const url = `${server.url.replace('localhost', '127.0.0.1')}/api/v1/events`;
    // A batch is idempotent by its events' ids, so a sender posts it again when the server closed the kept-alive
    // connection as the post went out: on PGlite the history is written in this thread, and the server closes the
    // senders' idle connections (after 5 s) only once that is done, as the next posts go out on them (one try per
    // connection the senders keep, and one more). The close shows as a reset, or as undici's "other side closed".
    const send = async (key: string, body: string, tries = SENDERS + 1): Promise<Response> => {
      try {
        return await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        if (tries > 1 && (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET')) return send(key, body, tries - 1);
        throw new Error(`POST /events: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`, { cause: error });
      }
    };
    const post = async (key: string, events: unknown[]) => {
      const res = await send(key, JSON.stringify({ events }));
      const body = (await res.json()) as { counts: { accepted: number; rejected: number } };
      if (res.status !== 200 || body.counts.rejected > 0) throw new Error(`POST /events: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      return body.counts.accepted;
    };
    // The same events into a workspace of its own, from `senders` clients that each post their next batch as soon
    // as their last one is answered (a site's collectors, several web servers).
    // A year (2024) of page views and email clicks of the known contacts, written straight to the events table, in time
    // order as a live site's were: the run's events (2025) come after them.
    const writeHistory = async (workspaceId: string) => {
      const contacts = await db.query<{ id: string }>('SELECT id FROM contacts WHERE workspace_id = $1 ORDER BY id', [workspaceId]);
      const random = seededRandom(seed + 1);
      const start = Date.parse('2024-01-01T00:00:00Z');
      const step = (365 * 86_400_000) / HISTORY_PER_CONTACT;
      for (let round = 0; round < HISTORY_PER_CONTACT; round++) {
        await db.transaction((tx) =>
          insertEvents(
            tx,
            workspaceId,
            contacts.map(({ id }, i) => {
              const occurredAt = new Date(start + round * step + Math.floor(random() * step)).toISOString();
              const properties = random() < 0.85 ? { url: landingUrl(random, round * contacts.length + i), referrer: REFERRERS[i % REFERRERS.length]! } : { url: landingUrl(random, i) };
              const type = 'referrer' in properties ? 'page_view' : 'email_clicked';
              return { id: newId(), externalId: null, contactId: id, anonymousId: null, type, occurredAt, properties, source: touchSource(type, properties, occurredAt) };
            }),
          ),
        );
      }
      return contacts.length * HISTORY_PER_CONTACT;
    };
    const ingest = async (senders: number, history = false) => {
      const workspaceId = await backend.newWorkspace(`ingest-${senders}${history ? '-history' : ''}`);
      const { key } = await createApiKey(db, workspaceId, { role: 'admin', name: 'bench' });
      // The known contacts exist before the run, as in a workspace that has been live for a while.
      await post(key, Array.from({ length: KNOWN_CONTACTS }, (_, i) => ({ type: 'custom:seeded', contact: { email: knownEmail(i) } })));
      if (history) log(`long history: ${await writeHistory(workspaceId)} earlier events of the ${KNOWN_CONTACTS} known contacts`);
      // A workspace live for a while has been analyzed (autovacuum's job, off on this machine): without it the
      // planner takes the new workspace for empty and reads lookups by key as scans of the whole workspace.
      await db.exec('ANALYZE');
      const events = makeEvents(size, seed, 'run');
      const queue = Array.from({ length: Math.ceil(size / BATCH) }, (_, i) => events.slice(i * BATCH, (i + 1) * BATCH));
      const batches = queue.length;
      let accepted = 0;
      const timed = await withCpu(() =>
        Promise.all(
          Array.from({ length: senders }, async () => {
            for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
              const taken = await post(key, batch); // not `accepted += await …`: that reads `accepted` before the wait
              accepted += taken;
            }
          }),
        ),
      );
      log(`${senders} sender${senders > 1 ? 's' : ''}${history ? ', long history' : ''}: ${accepted} events in ${round(timed.seconds)} s, machine CPU ${round(timed.cpu.machineSeconds ?? Number.NaN)} s (${round((timed.cpu.machineBusy ?? Number.NaN) * 100, 0)}% busy), this process ${round(timed.cpu.processSeconds)} s`);
      return { workspaceId, accepted, batches, seconds: timed.seconds, cpu: timed.cpu };
    };
    try {
      const one = await ingest(1);
      const two = await ingest(SENDERS);
      const long = await ingest(SENDERS, true);
      // The same rows in COPY's binary format, as the API writes its events, and in its text format (the floor of earlier
      // runs), each into a table of its own: the floor is the faster of the two.
      const written = `SELECT * FROM events WHERE workspace_id = '${two.workspaceId}' AND external_id LIKE 'run-%'`;
      const [rows, textRows] = [await backend.copyOut(written, 'binary'), await backend.copyOut(written)];
      await db.exec('CREATE TABLE bench_ingest_copy (LIKE events INCLUDING ALL); CREATE TABLE bench_ingest_copy_text (LIKE events INCLUDING ALL)');
      try {
        const copy = await withCpu(() => backend.copyIn('COPY bench_ingest_copy FROM STDIN WITH (FORMAT binary)', rows));
        const textCopy = await seconds(() => backend.copyIn('COPY bench_ingest_copy_text FROM STDIN', textRows));
        const apiRate = two.accepted / two.seconds;
        const binaryRate = two.accepted / copy.seconds;
        const textRate = two.accepted / textCopy.seconds;
        const copyRate = Math.max(binaryRate, textRate);
        return {
          figures: {
            eventsPerSecond: round(apiRate, 0),
            senders: SENDERS,
            seconds: round(two.seconds),
            accepted: two.accepted,
            batches: two.batches,
            oneSenderEventsPerSecond: round(one.accepted / one.seconds, 0),
            oneSenderSeconds: round(one.seconds),
            // The same run's events, two senders, known contacts with a year of history each (HISTORY_PER_CONTACT).
            longHistoryEventsPerSecond: round(long.accepted / long.seconds, 0),
            longHistorySeconds: round(long.seconds),
            ...perThousand('longHistoryMachineCpuMs', long.cpu.machineSeconds, long.accepted),
            // What the events cost, which moves less than their rate on a shared machine: the CPU time of the whole
            // machine (this process and the database server) and of this process (the server, and the senders' JSON),
            // per 1,000 events, and how busy the machine's cores were. 20,000 events/s on 2 cores is 100 ms per 1,000.
            ...perThousand('machineCpuMs', two.cpu.machineSeconds, two.accepted),
            ...perThousand('processCpuMs', two.cpu.processSeconds, two.accepted),
            ...(two.cpu.machineBusy === null ? {} : { machineBusy: round(two.cpu.machineBusy) }),
          },
          baseline: {
            copyEventsPerSecond: round(copyRate, 0),
            copyBinaryEventsPerSecond: round(binaryRate, 0),
            copyBinarySeconds: round(copy.seconds, 3),
            copyTextEventsPerSecond: round(textRate, 0),
            ...perThousand('copyBinaryMachineCpuMs', copy.cpu.machineSeconds, two.accepted),
          },
          ratio: round(copyRate / apiRate),
          ratioOf: `the faster raw COPY (binary or text) events/s ÷ API events/s (${SENDERS} senders)`,
          notes: 'API: validate, dedupe, resolve and create contacts, classify sources, write events, sources and fields, lifecycle and scoring, over HTTP',
        };
      } finally {
        await db.exec('DROP TABLE bench_ingest_copy; DROP TABLE bench_ingest_copy_text');
      }
    } finally {
      await server.close();
    }
  },
};

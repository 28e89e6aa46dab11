// The attribution report over HTTP on a generated workspace (1M contacts and 10M events at full size): every
// model for every metric over the last quarter, and every metric over the whole history (one model: the models
// share their SQL), against the bare SQL that credits the same conversions' first touches per channel in one
// statement. The server is `leadcycle start` in a process of its own. The report adds up stored credits: before
// measuring, the benchmark brings them up to date as the attribution-refresh job does (timed; nothing to do when a
// kept workspace was refreshed by an earlier run), so the requests read a settled workspace.

import { Pool } from 'undici';
import { ATTRIBUTION_MODELS } from '../src/domain/attribution/models.ts';
import { refreshAttribution } from '../src/engine/ingest/attribution-credits.ts';
import { ATTRIBUTION_METRICS, type AttributionMetric, STAGE_OF } from '../src/engine/ingest/attribution-report.ts';
import { createApiKey } from '../src/store/workspaces.ts';
import type { Benchmark } from './benchmark.ts';
import { keptWorkspace } from './kept-workspace.ts';
import { quantile, round, seconds } from './measure.ts';
import { startServerProcess } from './server-process.ts';

const EVENTS_PER_CONTACT = 10;
const QUARTER_MS = 91 * 24 * 60 * 60 * 1000;
/** The model of the all-time requests (every model but time decay reads and groups the same rows). */
const ALL_TIME_MODEL = 'linear';

/**
 * The floor under each metric: its conversions and their first touch before the conversion, credited per channel,
 * all in one statement (no journey leaves the database). The report reads the same rows and runs every model.
 */
const floorSql = (metric: AttributionMetric): string => {
  const touch = (contact: string, at: string) =>
    `(SELECT e.source->>'channel' FROM events e WHERE e.workspace_id = $1 AND e.contact_id = ${contact} AND e.source IS NOT NULL AND e.occurred_at <= ${at} ORDER BY e.occurred_at, e.id LIMIT 1)`;
  const within = (col: string) => `${col} >= $2::timestamptz AND ${col} < $3::timestamptz`;
  const stage = STAGE_OF[metric];
  const conversions =
    metric === 'contacts'
      ? `SELECT id AS contact_id, created_at AS at, 1 AS value FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL AND ${within('created_at')}`
      : stage
        ? `SELECT contact_id, at, 1 AS value FROM (SELECT contact_id, min(entered_at) AS at FROM stage_transitions WHERE workspace_id = $1 AND to_stage = '${stage}' GROUP BY contact_id) t WHERE ${within('at')}`
        : `SELECT dc.contact_id, ${metric === 'revenue' ? 'd.closed_at' : 'd.created_at'} AS at, d.amount AS value FROM deals d JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id
            WHERE d.workspace_id = $1 AND d.status = ANY('{${metric === 'revenue' ? 'won' : 'open,won'}}') AND ${within(metric === 'revenue' ? 'd.closed_at' : 'd.created_at')}`;
  return `SELECT channel, sum(value) AS credit FROM (SELECT ${touch('c.contact_id', 'c.at')} AS channel, c.value FROM (${conversions}) c) t GROUP BY channel`;
};

export const benchmark: Benchmark = {
  name: 'reports',
  description: 'p50/p99 of GET /reports/attribution (7 models × 6 metrics over the last quarter, 6 metrics over all time) vs the bare SQL crediting first touches',
  unit: 'contacts',
  defaultSize: 20_000,
  run: async (ctx) => {
    const { backend, log } = ctx;
    const { db } = backend;
    const workspaceId = await keptWorkspace(ctx, 'reports', EVENTS_PER_CONTACT);
    const refresh = await seconds(() => refreshAttribution(db, workspaceId));
    log(`stored the credits of ${refresh.value.conversions} conversions (${refresh.value.contacts} stale contacts) in ${refresh.seconds.toFixed(1)} s`);
    const [span] = await db.query<{ last: Date; events: string; contacts: string }>(
      `SELECT (SELECT max(occurred_at) FROM events WHERE workspace_id = $1) AS last,
              (SELECT count(*) FROM events WHERE workspace_id = $1) AS events,
              (SELECT count(*) FROM contacts WHERE workspace_id = $1) AS contacts`,
      [workspaceId],
    );
    const to = new Date(span!.last.getTime() + 1);
    const quarter = { from: new Date(to.getTime() - QUARTER_MS).toISOString(), to: to.toISOString() };
    const allTime = { from: '1970-01-01T00:00:00.000Z', to: to.toISOString() };

    // The floor, per metric and period, before PGlite is handed to the server: a warm-up pass, then one measured.
    const floor = async (period: { from: string; to: string }) => {
      const samples: number[] = [];
      for (const measured of [false, true]) {
        for (const metric of ATTRIBUTION_METRICS) {
          const t0 = performance.now();
          await db.query(floorSql(metric), [workspaceId, period.from, period.to]);
          if (measured) samples.push(performance.now() - t0);
        }
      }
      return samples;
    };
    const sqlQuarter = await floor(quarter);
    log(`bare SQL, last quarter: p50 ${quantile(sqlQuarter, 0.5).toFixed(0)} ms`);
    const sqlAll = await floor(allTime);
    log(`bare SQL, all time: p50 ${quantile(sqlAll, 0.5).toFixed(0)} ms`);

    const { id: keyId, key } = await createApiKey(db, workspaceId, { role: 'viewer', name: 'bench reports' });
    const { env, args } = await backend.handOver();
    // Without the job runner: the workspace was refreshed above, and other workspaces' jobs in a shared benchmark
    // database (their credits, their decay) would take the CPU from the requests measured.
    const server = await startServerProcess({ env, args: [...args, '--no-workers'], log });
    const client = new Pool(server.url, { connections: 1, pipelining: 1 });
    const headers = { authorization: `Bearer ${key}` };
    const conversions = new Map<string, number>();
    const get = async (period: { from: string; to: string }, metric: AttributionMetric, model: string): Promise<number> => {
      const path = `/api/v1/reports/attribution?${new URLSearchParams({ model, metric, from: period.from, to: period.to })}`;
      const t0 = performance.now();
      const res = await client.request({ method: 'GET', path, headers });
      const body = (await res.body.json()) as { conversions: number };
      if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${JSON.stringify(body)}`);
      conversions.set(`${period.from}:${metric}`, body.conversions);
      return performance.now() - t0;
    };
    /** Each request once, one at a time, with the server's CPU time per request. */
    const measure = async (requests: [period: { from: string; to: string }, metric: AttributionMetric, model: string][]) => {
      const samples: number[] = [];
      const cpuBefore = server.cpuSeconds();
      for (const [period, metric, model] of requests) samples.push(await get(period, metric, model));
      return { samples, serverCpuMs: ((server.cpuSeconds() - cpuBefore) * 1000) / requests.length };
    };
    try {
      await get(quarter, 'contacts', 'first_touch');
      const apiQuarter = await measure(ATTRIBUTION_METRICS.flatMap((metric) => ATTRIBUTION_MODELS.map((model) => [quarter, metric, model] as [typeof quarter, AttributionMetric, string])));
      log(`API, last quarter: p50 ${quantile(apiQuarter.samples, 0.5).toFixed(0)} ms`);
      const apiAll = await measure(ATTRIBUTION_METRICS.map((metric) => [allTime, metric, ALL_TIME_MODEL]));
      log(`API, all time: p50 ${quantile(apiAll.samples, 0.5).toFixed(0)} ms`);
      const quarterConversions = ATTRIBUTION_METRICS.map((m) => conversions.get(`${quarter.from}:${m}`) ?? 0);
      return {
        figures: {
          quarterP50Ms: round(quantile(apiQuarter.samples, 0.5)), quarterP99Ms: round(quantile(apiQuarter.samples, 0.99)),
          allTimeP50Ms: round(quantile(apiAll.samples, 0.5)), allTimeP99Ms: round(quantile(apiAll.samples, 0.99)),
          quarterServerCpuMs: round(apiQuarter.serverCpuMs), allTimeServerCpuMs: round(apiAll.serverCpuMs),
          quarterContactConversions: quarterConversions[0]!,
          contacts: Number(span!.contacts), events: Number(span!.events),
          serverRssAfterMiB: server.rssMiB(),
          refreshSeconds: round(refresh.seconds),
          refreshedContacts: refresh.value.contacts,
          refreshedConversions: refresh.value.conversions,
        },
        baseline: {
          quarterP50Ms: round(quantile(sqlQuarter, 0.5)), quarterP99Ms: round(quantile(sqlQuarter, 0.99)),
          allTimeP50Ms: round(quantile(sqlAll, 0.5)), allTimeP99Ms: round(quantile(sqlAll, 0.99)),
        },
        ratio: round(quantile(apiQuarter.samples, 0.5) / quantile(sqlQuarter, 0.5)),
        ratioOf: 'API p50 ÷ bare SQL p50, last quarter',
        ratios: { allTimeP50: round(quantile(apiAll.samples, 0.5) / quantile(sqlAll, 0.5)) },
        notes: `one request at a time after a warm-up request: the last quarter for ${ATTRIBUTION_MODELS.length} models × ${ATTRIBUTION_METRICS.length} metrics, all time for the ${ATTRIBUTION_METRICS.length} metrics under ${ALL_TIME_MODEL}; conversions in the quarter per metric: ${quarterConversions.join(', ')}`,
      };
    } finally {
      await client.close();
      await server.stop();
      if (backend.kind === 'postgres') await db.query('DELETE FROM api_keys WHERE workspace_id = $1 AND id = $2', [workspaceId, keyId]);
    }
  },
};

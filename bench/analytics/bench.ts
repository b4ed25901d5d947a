import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { rollupBatchSql } from '../../src/server/modules/analytics/analytics.aggregate.js';
import { SECTIONS } from '../../src/server/modules/analytics/analytics.catalog.js';
import { computeSections, planSections } from '../../src/server/modules/analytics/analytics.engine.js';
import { rebuildAll } from '../../src/server/modules/analytics/analytics.rollup.js';
import { issueApiKey } from '../../src/server/modules/api-keys/api-keys.service.js';
import type { Database } from '../../src/server/platform/db/client.js';
import { resolvePeriod, type TimePeriod } from '../../src/server/platform/time/periods.js';
import { percentile } from '../percentile.js';
import { generateTenant, type Volume } from './data.js';

export const FULL: Volume = {
  appointments: 1_000_000,
  messages: 5_000_000,
  calls: 200_000,
  journeys: 50_000,
  practitioners: 60,
  patients: 100_000,
};
const scale = (v: Volume, f: number): Volume =>
  Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Math.max(1, Math.round(x * f))])) as Volume;

export type BenchOptions = {
  database: Database;
  volume: Volume;
  /** Noise tenants are this fraction of the main one. */
  noise: number;
  iterations: number;
  baseIterations: number;
  log: (s: string) => void;
};

type Percentiles = { p50: number; p99: number };
export type PeriodFigures = {
  period: TimePeriod;
  /** The dashboard over HTTP right after a change (its cached answer is stale): the honest figure. */
  miss: Percentiles;
  /** The same request again, answered from the per-process cache. */
  hit: Percentiles;
  /** The statement the answer sends to the rollups, run on its own. */
  rollupSql: Percentiles;
  /** The answer computed in process (no HTTP, no cache). */
  inProcess: Percentiles;
  base: { p50: number };
  missOverSql: number;
  baseOverMiss: number;
};

type Work = { run: () => Promise<unknown>; before?: () => Promise<unknown> };

/**
 * Percentiles of each work's duration, the works taking turns sample by sample, so a load spike on the
 * shared machine falls on all of them alike and their ratios stay fair. `before` runs untimed.
 */
async function timeTogether<K extends string>(n: number, works: Record<K, Work>) {
  const samples = Object.fromEntries(Object.keys(works).map((k) => [k, [] as number[]])) as Record<
    K,
    number[]
  >;
  for (let i = 0; i < n; i++)
    for (const [k, w] of Object.entries(works) as [K, Work][]) {
      await w.before?.();
      const t0 = performance.now();
      await w.run();
      samples[k].push(performance.now() - t0);
    }
  return Object.fromEntries(
    Object.entries(samples).map(([k, xs]) => [
      k,
      { p50: percentile(xs as number[], 50), p99: percentile(xs as number[], 99) },
    ]),
  ) as Record<K, Percentiles>;
}

/**
 * Seed, rebuild, then time the dashboard for each period: over HTTP right after a change (auth, validation,
 * the rollup statement, assembly, serialisation; the headline), the raw rollup statement it sends, and the
 * same figures from the base tables; also the cache hit and the in-process answer.
 */
export async function runAnalyticsBench(o: BenchOptions): Promise<PeriodFigures[]> {
  const { database, log } = o;
  log('seeding');
  const tenantId = await generateTenant(database.db, 0, o.volume, log);
  for (const n of [1, 2]) await generateTenant(database.db, n, scale(o.volume, o.noise), log);
  const t0 = performance.now();
  await rebuildAll(database.db);
  log(`  rebuild of all rollups: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // The steady state a production database reaches within minutes, as pgbench does before it times:
  // statistics and visibility maps current, and the bulk load's dirty pages written out, not competing.
  await database.db.execute(sql`vacuum analyze`);
  await database.db.execute(sql`checkpoint`);
  return measureAnalytics(o, tenantId);
}

export async function measureAnalytics(o: Omit<BenchOptions, 'volume' | 'noise'>, tenantId: string) {
  const { database, log } = o;

  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0', SEED_DEMO: 'false' });
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' ? address?.port : 0}`;
  const { key } = await issueApiKey(database.db, tenantId, { name: 'bench', role: 'analyst' }, null);
  const out: PeriodFigures[] = [];
  try {
    for (const period of ['last_30_days', 'this_year'] as const) {
      const get = async () => {
        const res = await fetch(`${url}/api/v1/analytics/dashboard?time_period=${period}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        if (res.status !== 200) throw new Error(`dashboard answered ${res.status}`);
        // To the last byte of the answer; parsing it is the client's time, not the endpoint's.
        return res.arrayBuffer();
      };
      // A new change id makes the cached answer stale, as any fold does: the next request is a miss.
      const invalidate = () =>
        database.db.execute(sql`insert into analytics_changes (tenant_id, facts) values (${tenantId}, '{}')`);
      const request = {
        tenantId,
        period: resolvePeriod({ time_period: period }, 'Asia/Kolkata'),
        aggregation: 'daily' as const,
        filters: {},
        series: true,
        breakdowns: false,
      };
      // The statements the answer sends (one per section, in parallel), without building or reading them.
      const statements = planSections(SECTIONS, request).batches.map(rollupBatchSql);
      const works = {
        miss: { run: get, before: invalidate },
        hit: { run: get },
        rollupSql: { run: () => Promise.all(statements.map((s) => database.db.execute(s))) },
        inProcess: { run: () => computeSections(database.db, 'rollup', SECTIONS, request) },
      };
      await timeTogether(Math.min(10, o.iterations), works);
      const { miss, hit, rollupSql, inProcess } = await timeTogether(o.iterations, works);
      const { base } = await timeTogether(o.baseIterations, {
        base: { run: () => computeSections(database.db, 'base', SECTIONS, request) },
      });
      const figures = {
        period,
        miss,
        hit,
        rollupSql,
        inProcess,
        base: { p50: base.p50 },
        missOverSql: miss.p50 / rollupSql.p50,
        baseOverMiss: base.p50 / miss.p50,
      };
      out.push(figures);
      const ms = (x: Percentiles) => `p50 ${x.p50.toFixed(2)} ms p99 ${x.p99.toFixed(2)} ms`;
      log(
        `bench/analytics ${period}: dashboard over HTTP after a change (cache miss) ${ms(miss)} | ` +
          `raw rollup SQL ${ms(rollupSql)} | base tables p50 ${base.p50.toFixed(0)} ms | ` +
          `miss/raw SQL ${figures.missOverSql.toFixed(2)}× | base/miss ${figures.baseOverMiss.toFixed(0)}× || ` +
          `also: cache hit ${ms(hit)}, in-process answer ${ms(inProcess)}`,
      );
    }
  } finally {
    await app.close();
  }
  return out;
}

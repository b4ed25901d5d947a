import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { SECTIONS } from '../../src/server/modules/analytics/analytics.catalog.js';
import { computeSection } from '../../src/server/modules/analytics/analytics.engine.js';
import { FACT_NAMES, FACTS } from '../../src/server/modules/analytics/analytics.facts.js';
import { aggregate } from '../../src/server/modules/analytics/analytics.repository.js';
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

export type PeriodFigures = {
  period: TimePeriod;
  http: { p50: number; p99: number };
  rollupSql: { p50: number; p99: number };
  uncached: { p50: number; p99: number };
  base: { p50: number };
  httpOverSql: number;
  baseOverHttp: number;
};

async function time(n: number, work: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/**
 * Seed, rebuild, then time the dashboard three ways for each period: over HTTP (auth, validation, rollup
 * queries, serialisation), the raw rollup SQL for the same totals, and the same figures from the base tables.
 */
export async function runAnalyticsBench(o: BenchOptions): Promise<PeriodFigures[]> {
  const { database, log } = o;
  log('seeding');
  const tenantId = await generateTenant(database.db, 0, o.volume, log);
  for (const n of [1, 2]) await generateTenant(database.db, n, scale(o.volume, o.noise), log);
  const t0 = performance.now();
  await rebuildAll(database.db);
  log(`  rebuild of all rollups: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await database.db.execute(sql`analyze`);

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
        return res.json();
      };
      await time(Math.min(10, o.iterations), get);
      const http = await time(o.iterations, get);
      const resolved = resolvePeriod({ time_period: period }, 'Asia/Kolkata');
      const windows = [
        { name: 'cur', from: resolved.start_date, to: resolved.end_date },
        { name: 'prev', from: resolved.previous.start_date, to: resolved.previous.end_date },
      ];
      const rollupSql = await time(o.iterations, () =>
        Promise.all(
          FACT_NAMES.map((fact) =>
            aggregate(database.db, 'rollup', {
              tenantId,
              timeZone: 'Asia/Kolkata',
              fact,
              windows,
              filters: {},
              groupBy: [...FACTS[fact].keep],
            }),
          ),
        ),
      );
      const request = {
        tenantId,
        period: resolved,
        aggregation: 'daily' as const,
        filters: {},
        series: true,
        breakdowns: false,
      };
      // The rollup path without HTTP and without the answer cache: what a cache miss costs.
      const uncached = await time(Math.max(1, Math.round(o.iterations / 5)), () =>
        Promise.all(SECTIONS.map((s) => computeSection(database.db, 'rollup', s, request))),
      );
      const base = await time(o.baseIterations, () =>
        Promise.all(SECTIONS.map((s) => computeSection(database.db, 'base', s, request))),
      );
      const figures = {
        period,
        http,
        rollupSql,
        uncached,
        base: { p50: base.p50 },
        httpOverSql: http.p50 / rollupSql.p50,
        baseOverHttp: base.p50 / http.p50,
      };
      out.push(figures);
      log(
        `bench/analytics ${period}: dashboard over HTTP p50 ${http.p50.toFixed(2)} ms p99 ${http.p99.toFixed(2)} ms | ` +
          `raw rollup SQL p50 ${rollupSql.p50.toFixed(2)} ms p99 ${rollupSql.p99.toFixed(2)} ms | ` +
          `uncached rollup answer p50 ${uncached.p50.toFixed(1)} ms p99 ${uncached.p99.toFixed(1)} ms | ` +
          `base tables p50 ${base.p50.toFixed(0)} ms | HTTP/raw SQL ${figures.httpOverSql.toFixed(2)}× | ` +
          `base/HTTP ${figures.baseOverHttp.toFixed(0)}×`,
      );
    }
  } finally {
    await app.close();
  }
  return out;
}

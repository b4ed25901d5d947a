import type { DbOrTx } from '../../platform/db/client.js';
import type { FactName } from '../../platform/db/schema/index.js';
import {
  type Aggregation,
  bucketStart,
  bucketsOf,
  type ResolvedPeriod,
  shiftDays,
} from '../../platform/time/periods.js';
import {
  BREAKDOWNS,
  type FilterName,
  histogramMedian,
  type Metric,
  metricsOf,
  type Section,
} from './analytics.catalog.js';
import { FACTS } from './analytics.facts.js';
import {
  aggregate,
  dimLabels,
  type Group,
  type Source,
  type Sums,
  type Window,
} from './analytics.repository.js';

export type Filters = Partial<Record<FilterName, string>>;
export type SectionRequest = {
  tenantId: string;
  period: ResolvedPeriod;
  aggregation: Aggregation;
  filters: Filters;
  series: boolean;
  breakdowns: boolean;
};
export type MetricValue = { value: number | null; previous: number | null; change_pct: number | null };
export type SeriesPoint = { start_date: string; end_date: string; values: Record<string, number | null> };
export type BreakdownRow = { key: string; label: string | null; values: Record<string, number | null> };
export type SectionAnswer = {
  filters_applied: FilterName[];
  metrics: Record<string, MetricValue>;
  series: SeriesPoint[];
  breakdowns: Record<string, BreakdownRow[]> | null;
};

const TIME_KEY: Record<Aggregation, string> = { daily: 'day', weekly: 'week', monthly: 'month' };

function addSums(into: Sums, s: Sums | undefined) {
  if (s) for (const [k, v] of Object.entries(s)) into[k] = (into[k] ?? 0) + v;
  return into;
}

function evaluate(m: Metric, groups: Group[], window: string, base?: Sums): number | null {
  if (m.median) {
    const hist = new Map<number, number>();
    for (const g of groups) {
      const b = Number(g.key.bucket);
      hist.set(b, (hist.get(b) ?? 0) + (g.sums[window]?.responses ?? 0));
    }
    return histogramMedian(hist);
  }
  const total = addSums({ ...(base ?? {}) }, undefined);
  for (const g of groups) addSums(total, g.sums[window]);
  return (m.value as (s: Sums) => number | null)(total);
}

export function changePct(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return Math.round(((value - previous) / Math.abs(previous)) * 1000) / 10;
}

function groupByKey(groups: Group[], key: (g: Group) => string) {
  const out = new Map<string, Group[]>();
  for (const g of groups) {
    const k = key(g);
    const list = out.get(k);
    if (list) list.push(g);
    else out.set(k, [g]);
  }
  return out;
}

type FactData = {
  metrics: Metric[];
  totals: Group[];
  series: Group[];
  breakdowns: Map<string, Group[]>;
};

async function loadFact(
  db: DbOrTx,
  source: Source,
  fact: FactName,
  metrics: Metric[],
  r: SectionRequest,
  timeZone: string,
) {
  const p = r.period;
  const keep = [...FACTS[fact].keep];
  const cumulative = metrics.some((m) => m.cumulative);
  const cur: Window = { name: 'cur', from: p.start_date, to: p.end_date };
  const windows: Window[] = [cur, { name: 'prev', from: p.previous.start_date, to: p.previous.end_date }];
  if (cumulative)
    windows.push(
      { name: 'cum_cur', from: null, to: p.end_date },
      { name: 'cum_prev', from: null, to: p.previous.end_date },
      { name: 'before', from: null, to: shiftDays(p.start_date, -1) },
    );
  const q = { tenantId: r.tenantId, timeZone, fact, filters: r.filters as Record<string, string> };
  // A histogram's series and breakdowns need only each group's median bucket (one window each).
  const medianOnly = keep.length > 0;
  const names = r.breakdowns ? [...new Set(metrics.flatMap((m) => m.breakdowns))] : [];
  const breakdownWindows = cumulative ? [cur, windows[2] as Window] : [cur];
  const [totals, series, ...perBreakdown] = await Promise.all([
    aggregate(db, source, { ...q, windows, groupBy: keep }),
    r.series
      ? aggregate(db, source, {
          ...q,
          windows: [cur],
          groupBy: [TIME_KEY[r.aggregation], ...keep],
          medianOnly,
        })
      : Promise.resolve([]),
    ...names.map((b) =>
      aggregate(db, source, {
        ...q,
        windows: breakdownWindows,
        groupBy: [...(BREAKDOWNS[b] ?? []), ...keep],
      }),
    ),
  ]);
  return {
    metrics,
    totals,
    series,
    breakdowns: new Map(names.map((b, i) => [b, perBreakdown[i] ?? []])),
  } satisfies FactData;
}

/**
 * One section's answer (totals with previous period and trend, series, breakdowns) from either source.
 * The API reads the rollups; the property test and the benchmark baseline read the base tables; the
 * formulas are the catalog's either way.
 */
export async function computeSection(
  db: DbOrTx,
  source: Source,
  section: Section,
  r: SectionRequest,
): Promise<SectionAnswer> {
  const timeZone = r.period.time_zone;
  const all = metricsOf(section);
  const facts = [...new Set(all.map((m) => m.fact))];
  const data = await Promise.all(
    facts.map((f) =>
      loadFact(
        db,
        source,
        f,
        all.filter((m) => m.fact === f),
        r,
        timeZone,
      ),
    ),
  );
  const metrics: Record<string, MetricValue> = {};
  const series = bucketsOf(r.period, r.aggregation).map((b) => ({
    ...b,
    values: {} as SeriesPoint['values'],
  }));
  const breakdowns: Record<string, BreakdownRow[]> = {};
  for (const d of data) {
    for (const m of d.metrics) {
      const value = evaluate(m, d.totals, m.cumulative ? 'cum_cur' : 'cur');
      const previous = evaluate(m, d.totals, m.cumulative ? 'cum_prev' : 'prev');
      metrics[m.name] = { value, previous, change_pct: changePct(value, previous) };
    }
    const timeKey = TIME_KEY[r.aggregation];
    const byBucket = groupByKey(d.series, (g) => g.key[timeKey] as string);
    for (const m of d.metrics) {
      const running: Sums = addSums({}, sumWindow(d.totals, 'before'));
      for (const point of r.series ? series : []) {
        const groups = byBucket.get(bucketStart(point.start_date, r.aggregation)) ?? [];
        if (m.cumulative) {
          addSums(running, sumWindow(groups, 'cur'));
          point.values[m.name] = evaluate(m, [], 'cur', running);
        } else point.values[m.name] = evaluate(m, groups, 'cur');
      }
    }
    for (const [b, groups] of d.breakdowns) {
      const dims = BREAKDOWNS[b] ?? [];
      const rows = breakdowns[b] ?? [];
      const existing = new Map(rows.map((x) => [x.key, x]));
      for (const [key, gs] of groupByKey(groups, (g) => dims.map((x) => g.key[x]).join(':'))) {
        const row = existing.get(key) ?? { key, label: null, values: {} };
        for (const m of d.metrics.filter((x) => x.breakdowns.includes(b)))
          row.values[m.name] = evaluate(m, gs, m.cumulative ? 'cum_cur' : 'cur');
        if (!existing.has(key)) {
          existing.set(key, row);
          rows.push(row);
        }
      }
      breakdowns[b] = rows;
    }
  }
  if (r.breakdowns) await labelBreakdowns(db, r.tenantId, breakdowns);
  return {
    filters_applied: (Object.keys(r.filters) as FilterName[]).filter((f) =>
      all.some((m) => m.filters.includes(f)),
    ),
    metrics,
    series: r.series ? series : [],
    breakdowns: r.breakdowns ? breakdowns : null,
  };
}

function sumWindow(groups: Group[], window: string): Sums {
  const s: Sums = {};
  for (const g of groups) addSums(s, g.sums[window]);
  return s;
}

async function labelBreakdowns(db: DbOrTx, tenantId: string, breakdowns: Record<string, BreakdownRow[]>) {
  for (const [b, rows] of Object.entries(breakdowns)) {
    rows.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    if (b === 'stage') {
      for (const row of rows) row.label = row.key.replace(':', '. ');
      continue;
    }
    const labels = await dimLabels(
      db,
      tenantId,
      b,
      rows.map((x) => x.key),
    );
    for (const row of rows) row.label = labels ? (labels.get(row.key) ?? null) : row.key || null;
  }
}

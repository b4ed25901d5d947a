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
  type AggregateQuery,
  aggregateAll,
  type Group,
  type Source,
  type Sums,
  type Window,
} from './analytics.aggregate.js';
import {
  BREAKDOWNS,
  type FilterName,
  histogramMedian,
  type Metric,
  metricsOf,
  type Section,
} from './analytics.catalog.js';
import { FACTS } from './analytics.facts.js';
import { dimLabels } from './analytics.repository.js';

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
  if (s) for (const k in s) into[k] = (into[k] ?? 0) + (s[k] as number);
  return into;
}

/** A metric over groups' sums of one window: its formula, or the median of a histogram's buckets. */
function evaluate(m: Metric, groups: Group[], window: string): number | null {
  if (!m.median) return (m.value as (s: Sums) => number | null)(sumWindow(groups, window));
  const hist = new Map<number, number>();
  for (const g of groups) {
    const b = Number(g.key.bucket);
    hist.set(b, (hist.get(b) ?? 0) + (g.sums[window]?.responses ?? 0));
  }
  return histogramMedian(hist);
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

/** The aggregates one fact's metrics need: totals per window, the series, one per breakdown. */
function planFact(fact: FactName, metrics: Metric[], r: SectionRequest) {
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
  const q = {
    tenantId: r.tenantId,
    timeZone: p.time_zone,
    fact,
    filters: r.filters as Record<string, string>,
  };
  const names = r.breakdowns ? [...new Set(metrics.flatMap((m) => m.breakdowns))] : [];
  const breakdownWindows = cumulative ? [cur, windows[2] as Window] : [cur];
  const queries: AggregateQuery[] = [{ ...q, windows, groupBy: keep }];
  // A histogram's series needs only each bucket's median (one window).
  if (r.series)
    queries.push({
      ...q,
      windows: [cur],
      groupBy: [TIME_KEY[r.aggregation], ...keep],
      medianOnly: keep.length > 0,
    });
  for (const b of names)
    queries.push({ ...q, windows: breakdownWindows, groupBy: [...(BREAKDOWNS[b] ?? []), ...keep] });
  const unpack = (results: Group[][]): FactData => {
    const [totals = [], ...rest] = results;
    const series = r.series ? (rest.shift() ?? []) : [];
    return { metrics, totals, series, breakdowns: new Map(names.map((b, i) => [b, rest[i] ?? []])) };
  };
  return { queries, unpack };
}

/**
 * Every aggregate some sections need, a batch per section, with how to read each fact's results back.
 * A batch is what one statement asks (analytics.aggregate.ts).
 */
export function planSections(sections: readonly Section[], r: SectionRequest) {
  const plans = sections.map((section) => {
    const all = metricsOf(section);
    const facts = [...new Set(all.map((m) => m.fact))];
    return facts.map((f) =>
      planFact(
        f,
        all.filter((m) => m.fact === f),
        r,
      ),
    );
  });
  return { plans, batches: plans.map((facts) => facts.flatMap((p) => p.queries)) };
}

/**
 * Sections' answers (totals with previous period and trend, series, breakdowns) from either source: a
 * statement per section, the sections in parallel. The API reads the rollups; the property test and the
 * benchmark baseline read the base tables; the formulas are the catalog's either way.
 */
export async function computeSections(
  db: DbOrTx,
  source: Source,
  sections: readonly Section[],
  r: SectionRequest,
): Promise<SectionAnswer[]> {
  const { plans, batches } = planSections(sections, r);
  const results = (await Promise.all(batches.map((b) => aggregateAll(db, source, b)))).flat();
  const buckets = bucketsOf(r.period, r.aggregation);
  let next = 0;
  const sliced = plans.map((facts) =>
    facts.map((p) => {
      const mine = results.slice(next, next + p.queries.length);
      next += p.queries.length;
      return p.unpack(mine);
    }),
  );
  return Promise.all(sections.map((section, i) => assemble(db, section, r, buckets, sliced[i] ?? [])));
}

export async function computeSection(db: DbOrTx, source: Source, section: Section, r: SectionRequest) {
  return (await computeSections(db, source, [section], r))[0] as SectionAnswer;
}

async function assemble(
  db: DbOrTx,
  section: Section,
  r: SectionRequest,
  buckets: ReturnType<typeof bucketsOf>,
  data: FactData[],
): Promise<SectionAnswer> {
  const all = metricsOf(section);
  const metrics: Record<string, MetricValue> = {};
  const series = buckets.map((b) => ({ ...b, values: {} as SeriesPoint['values'] }));
  const bucketKeys = series.map((p) => bucketStart(p.start_date, r.aggregation));
  const breakdowns: Record<string, BreakdownRow[]> = {};
  for (const d of data) {
    for (const m of d.metrics) {
      const value = evaluate(m, d.totals, m.cumulative ? 'cum_cur' : 'cur');
      const previous = evaluate(m, d.totals, m.cumulative ? 'cum_prev' : 'prev');
      metrics[m.name] = { value, previous, change_pct: changePct(value, previous) };
    }
    const timeKey = TIME_KEY[r.aggregation];
    const byBucket = groupByKey(d.series, (g) => g.key[timeKey] as string);
    // Point by point, each bucket's sums added once, whatever the number of metrics reading them.
    const cumulative = d.metrics.some((m) => m.cumulative);
    const running: Sums = addSums({}, sumWindow(d.totals, 'before'));
    for (const [i, point] of (r.series ? series : []).entries()) {
      const groups = byBucket.get(bucketKeys[i] as string) ?? [];
      const sums = sumWindow(groups, 'cur');
      if (cumulative) addSums(running, sums);
      for (const m of d.metrics)
        point.values[m.name] = m.median
          ? evaluate(m, groups, 'cur')
          : (m.value as (s: Sums) => number | null)(m.cumulative ? running : sums);
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

/** The sums of a window over groups (a lone group's own sums: callers only read them). */
function sumWindow(groups: Group[], window: string): Sums {
  if (groups.length === 1) return groups[0]?.sums[window] ?? {};
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

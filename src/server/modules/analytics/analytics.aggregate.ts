import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { rowsOf } from '../../platform/db/rows.js';
import type { FactName } from '../../platform/db/schema/index.js';
import { shiftDays } from '../../platform/time/periods.js';
import { FACTS, type Fact, localDayOf, localMidnight, type Span } from './analytics.facts.js';
import { mergeRuns, type Run, runsOf } from './analytics.grains.js';

/** Where figures come from: the rollups (the API) or the base tables (the definition itself). */
export type Source = 'rollup' | 'base';
/** A named range of local days, both inclusive; `from` null means since the beginning. */
export type Window = { name: string; from: string | null; to: string };
/** Group keys: a time bucket ('day' | 'week' | 'month') or dimension names of the fact. */
export type AggregateQuery = {
  tenantId: string;
  timeZone: string;
  fact: FactName;
  windows: Window[];
  filters: Record<string, string>;
  groupBy: string[];
  /**
   * Histogram facts: keep, per group of the other keys, only the row of the bucket (the last key) holding
   * the lower median of the first window's single measure; a daily series then returns a row a day, not a
   * row per day and bucket. Same selection as histogramMedian.
   */
  medianOnly?: boolean;
};
export type Sums = Record<string, number>;
export type Group = { key: Record<string, string>; sums: Record<string, Sums> };
type Row = (string | number)[];

export const TIME_KEYS = ['day', 'week', 'month'] as const;
const isTimeKey = (k: string) => (TIME_KEYS as readonly string[]).includes(k);

/*
 * The rollup statements are built as plain strings with quoted literals: a dashboard's batch built from
 * nested sql`` templates cost more CPU than PostgreSQL spent answering it. A `Part` is such a string or a
 * drizzle fragment (the base-table rows, which keep their bound parameters).
 */
type Part = string | SQL;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A string as an SQL literal. The values are ids, channels and zone names; a backslash or NUL is refused
 * so the quoting holds whatever standard_conforming_strings says.
 */
function literal(v: string) {
  if (/[\\\0]/.test(v)) throw new Error('unexpected character in an analytics literal');
  return `'${v.replaceAll("'", "''")}'`;
}
function date(d: string) {
  if (!DATE.test(d)) throw new Error(`not a date: ${d}`);
  return `'${d}'::date`;
}
const quoted = (name: string) => `"${name}"`;
const col = (name: string) => `c."${name}"`;
const toSql = (parts: Part[]): SQL => {
  const merged: Part[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  return sql.join(merged.map((p) => (typeof p === 'string' ? sql.raw(p) : p)));
};

function keyExpr(key: string, day: Part): Part[] {
  if (key === 'day') return ['(', day, ')::text'];
  if (isTimeKey(key)) return [`date_trunc('${key}', (`, day, ')::timestamp)::date::text'];
  return [`${col(key)}::text`];
}

const unitRange = (unit: string, r: Run) =>
  r.from ? `${unit} between ${date(r.from)} and ${date(r.to)}` : `${unit} <= ${date(r.to)}`;

/** The rollup rows covering some windows: a union of runs over the daily and monthly tables. */
function rollupRows(fact: Fact, tenantId: string, isTotal: boolean, runs: Run[]): string {
  const cols = ['tenant_id', ...Object.keys(fact.dims), ...fact.measures].map(quoted).join(', ');
  return mergeRuns(runs)
    .map((r) => {
      const [table, unit] = r.monthly ? [fact.monthly, 'month'] : [fact.table, 'day'];
      return `select ${r.monthly} as monthly, "${unit}" as day, ${cols} from ${quoted(table)}
        where tenant_id = ${literal(tenantId)} and is_total = ${isTotal} and ${unitRange(quoted(unit), r)}`;
    })
    .join(' union all ');
}

/** Whether a rollup row (`r.monthly`, `r.day`) is one of a window's runs. */
const inRuns = (runs: Run[]) =>
  `(${runs.map((r) => `(r.monthly = ${r.monthly} and ${unitRange('r.day', r)})`).join(' or ')})`;

const filterSql = (filters: [string, string][], name: (d: string) => string) =>
  filters.map(([d, v]) => ` and ${name(d)} = ${literal(v)}`).join('');

/**
 * Whether each daily rollup row is a group of its own, so a daily grouping reads rows instead of summing
 * them: every dimension but the kept ones is pinned by a filter or collapsed in the total row.
 */
function dailyRowsAreGroups(fact: Fact, q: AggregateQuery, filters: [string, string][], isTotal: boolean) {
  if (q.groupBy[0] !== 'day' || q.groupBy.length !== 1 + fact.keep.length || q.windows.length !== 1)
    return false;
  return Object.keys(fact.dims).every(
    (d) => fact.keep.includes(d) || isTotal || filters.some(([f]) => f === d),
  );
}

/**
 * A daily series read row by row: from the per-day medians (a histogram's median series: one row a day
 * instead of every bucket) or from the daily rows themselves.
 */
function dailySql(
  fact: Fact,
  q: AggregateQuery,
  filters: [string, string][],
  isTotal: boolean,
): string | null {
  if (!dailyRowsAreGroups(fact, q, filters, isTotal)) return null;
  const w = q.windows[0] as Window;
  const where = `where tenant_id = ${literal(q.tenantId)} and is_total = ${isTotal}
      and ${unitRange('day', { monthly: false, from: w.from, to: w.to })}${filterSql(filters, quoted)}`;
  if (q.medianOnly) {
    if (!fact.medians) return null;
    const [bucket, count] = [fact.keep[0] as string, fact.measures[0] as string];
    return `select day::text as k0, ${quoted(bucket)}::text as k1, ${quoted(count)}::float8 as "w0_${count}"
      from ${quoted(fact.medians)} ${where}`;
  }
  const keys = ['day', ...fact.keep].map((k, i) => `${quoted(k)}::text as "k${i}"`);
  const sums = fact.measures.map((m) => `${quoted(m)}::float8 as "w0_${m}"`);
  return `select ${[...keys, ...sums].join(', ')} from ${quoted(fact.table)} ${where}`;
}

/**
 * One aggregate's SQL: a fact's measures summed per window and group, from the rollups or straight from
 * the base tables. Both give the same shape, so every metric formula runs on either (that is what the
 * property test checks). The rollup path reads whole months from the monthly tables unless it groups by
 * day or week. Filters on dimensions the fact lacks are ignored (the catalog says which apply where).
 */
function aggregateSql(source: Source, q: AggregateQuery): Part[] {
  const fact = FACTS[q.fact];
  const filters = Object.entries(q.filters).filter(([d]) => d in fact.dims);
  const dimsUsed = [...filters.map(([d]) => d), ...q.groupBy.filter((k) => !isTimeKey(k))];
  const isTotal = dimsUsed.every((d) => fact.keep.includes(d));
  let rows: Part;
  let flags: Part[][];
  if (source === 'rollup') {
    const daily = dailySql(fact, q, filters, isTotal);
    if (daily) return [daily];
    const months = !q.groupBy.some((k) => k === 'day' || k === 'week');
    const runs = q.windows.map((w) => runsOf(w.from, w.to, months));
    rows = rollupRows(fact, q.tenantId, isTotal, runs.flat());
    // One window reads exactly its own runs: every row counts, no flag to compute.
    flags = runs.length === 1 ? [] : runs.map((r) => [inRuns(r)]);
  } else {
    const minFrom = q.windows.some((w) => w.from === null)
      ? null
      : q.windows.map((w) => w.from as string).sort()[0];
    const maxTo = q.windows.map((w) => w.to).sort()[q.windows.length - 1] as string;
    const span: Span = {
      from: minFrom ? localMidnight(minFrom, q.timeZone) : null,
      to: localMidnight(shiftDays(maxTo, 1), q.timeZone),
    };
    rows = fact.rows(q.tenantId, span);
    flags = q.windows.map((w) => {
      const end = ['r.ts < ', localMidnight(shiftDays(w.to, 1), q.timeZone)];
      return w.from ? ['(r.ts >= ', localMidnight(w.from, q.timeZone), ' and ', ...end, ')'] : end;
    });
  }
  const day: Part = source === 'rollup' ? 'c.day' : localDayOf(sql.raw('c.ts'), q.timeZone);
  const keys = q.groupBy.flatMap((k, i) => [...keyExpr(k, day), ` as "k${i}", `]);
  const sums = q.windows
    .flatMap((_, wi) =>
      fact.measures.map(
        (name) =>
          `coalesce(sum(${col(name)})${flags.length ? ` filter (where c.in${wi})` : ''}, 0)::float8 as "w${wi}_${name}"`,
      ),
    )
    .join(', ');
  const groupBy = q.groupBy.length ? ` group by ${q.groupBy.map((_, i) => String(i + 1)).join(', ')}` : '';
  const flagged: Part[] = flags.length
    ? ['select r.*', ...flags.flatMap((f, wi) => [', ', ...f, ` as in${wi}`]), ' from (', rows, ') r']
    : [rows];
  const query: Part[] = [
    'select ',
    ...keys,
    sums,
    ' from (',
    ...flagged,
    `) c where true${filterSql(filters, col)}${groupBy}`,
  ];
  if (!q.medianOnly) return query;
  const n = q.groupBy.length - 1;
  const count = `"w0_${fact.measures[0]}"`;
  const within = n
    ? `partition by ${q.groupBy
        .slice(0, n)
        .map((_, i) => `g."k${i}"`)
        .join(', ')}`
    : '';
  return [
    `select * from (select g.*, sum(g.${count}) over (${within} order by g."k${n}"::int) as cum,
      sum(g.${count}) over (${within}) as n from (`,
    ...query,
    `) g) x where x.cum * 2 >= x.n and (x.cum - x.${count}) * 2 < x.n`,
  ];
}

/** An aggregate's columns in order: its group keys, then every measure of every window. */
function columnsOf(q: AggregateQuery): string[] {
  const measures = FACTS[q.fact].measures;
  return [
    ...q.groupBy.map((_, i) => `k${i}`),
    ...q.windows.flatMap((_, wi) => measures.map((m) => `w${wi}_${m}`)),
  ];
}

/** An aggregate's rows as JSON arrays of its columns (no key names to build, send or parse). */
const asArrays = (q: AggregateQuery) =>
  `json_build_array(${columnsOf(q)
    .map((c) => `x."${c}"`)
    .join(', ')})`;

function groupsOf(q: AggregateQuery, rows: Row[]): Group[] {
  const measures = FACTS[q.fact].measures;
  const keys = q.groupBy.length;
  return rows.map((r) => {
    const key: Record<string, string> = {};
    for (const [i, k] of q.groupBy.entries()) key[k] = String(r[i]);
    const sums: Record<string, Sums> = {};
    for (const [wi, w] of q.windows.entries()) {
      const s: Sums = {};
      for (const [mi, name] of measures.entries()) s[name] = Number(r[keys + wi * measures.length + mi]);
      sums[w.name] = s;
    }
    return { key, sums };
  });
}

/** The SQL of a batch of rollup aggregates as one statement: a row per aggregate, its rows as JSON. */
export function rollupBatchSql(queries: AggregateQuery[]): SQL {
  return toSql(
    queries.flatMap((q, i) => [
      i ? ' union all ' : '',
      `select ${i} as i, (select coalesce(json_agg(${asArrays(q)}), '[]'::json) from (`,
      ...aggregateSql('rollup', q),
      ') x) as rows',
    ]),
  );
}

/**
 * Run aggregates. From the rollups they go as one statement (one round trip instead of one per aggregate:
 * the per-statement overhead was most of their time); from the base tables each runs on its own, in
 * parallel.
 */
export async function aggregateAll(
  db: DbOrTx,
  source: Source,
  queries: AggregateQuery[],
): Promise<Group[][]> {
  if (!queries.length) return [];
  if (source === 'base')
    return Promise.all(
      queries.map(async (q) => {
        const query = toSql([`select ${asArrays(q)} as row from (`, ...aggregateSql('base', q), ') x']);
        return groupsOf(
          q,
          (await rowsOf<{ row: Row }>(db, query)).map((r) => r.row),
        );
      }),
    );
  const out = await rowsOf<{ i: number; rows: Row[] }>(db, rollupBatchSql(queries));
  const byIndex = new Map(out.map((r) => [Number(r.i), r.rows]));
  return queries.map((q, i) => groupsOf(q, byIndex.get(i) ?? []));
}

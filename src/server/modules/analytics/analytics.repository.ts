import { eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { type FactName, organizations } from '../../platform/db/schema/index.js';
import { shiftDays } from '../../platform/time/periods.js';
import {
  FACT_NAMES,
  FACTS,
  type Fact,
  localDayOf,
  localMidnight,
  SENTINEL,
  type Span,
} from './analytics.facts.js';

export async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export async function tenantTimeZone(db: DbOrTx, tenantId: string): Promise<string | null> {
  const [row] = await db
    .select({ tz: organizations.time_zone })
    .from(organizations)
    .where(eq(organizations.id, tenantId));
  return row?.tz ?? null;
}

/** Where figures come from: the daily rollups (the API) or the base tables (the definition itself). */
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

export const TIME_KEYS = ['day', 'week', 'month'] as const;
const isTimeKey = (k: string) => (TIME_KEYS as readonly string[]).includes(k);

function keyExpr(key: string, day: SQL, col: (d: string) => SQL): SQL {
  if (key === 'day') return sql`${day}::text`;
  if (isTimeKey(key)) return sql`date_trunc(${key}, (${day})::timestamp)::date::text`;
  return sql`${col(key)}::text`;
}

/**
 * Sum a fact's measures per window and group, from the rollups or straight from the base tables. Both paths
 * return the same shape, so every metric formula runs on either (that is what the property test checks).
 * Filters on dimensions the fact lacks are ignored (the catalog says which filters apply to which metric).
 */
export async function aggregate(db: DbOrTx, source: Source, q: AggregateQuery): Promise<Group[]> {
  const fact = FACTS[q.fact];
  const filters = Object.entries(q.filters).filter(([d]) => d in fact.dims);
  const dimsUsed = [...filters.map(([d]) => d), ...q.groupBy.filter((k) => !isTimeKey(k))];
  const minFrom = q.windows.some((w) => w.from === null)
    ? null
    : q.windows.map((w) => w.from as string).sort()[0];
  const maxTo = q.windows.map((w) => w.to).sort()[q.windows.length - 1] as string;
  const m = (name: string) => sql.raw(`c."${name}"`);
  const day = source === 'rollup' ? sql.raw('c.day') : localDayOf(sql.raw('c.ts'), q.timeZone);
  const inWindow = (w: Window) => {
    if (source === 'rollup')
      return w.from ? sql`c.day between ${w.from}::date and ${w.to}::date` : sql`c.day <= ${w.to}::date`;
    const end = sql`c.ts < ${localMidnight(shiftDays(w.to, 1), q.timeZone)}`;
    return w.from ? sql`c.ts >= ${localMidnight(w.from, q.timeZone)} and ${end}` : end;
  };
  const keys = q.groupBy.map((k, i) => sql`${keyExpr(k, day, m)} as ${sql.raw(`"k${i}"`)}`);
  const sums = q.windows.flatMap((w, wi) =>
    fact.measures.map(
      (name) =>
        sql`coalesce(sum(${m(name)}) filter (where ${inWindow(w)}), 0)::float8 as ${sql.raw(`"w${wi}_${name}"`)}`,
    ),
  );
  const where = filters.map(([d, v]) => sql`${m(d)} = ${v}`);
  let from: SQL;
  if (source === 'rollup') {
    const isTotal = dimsUsed.every((d) => fact.keep.includes(d));
    where.push(sql`c.tenant_id = ${q.tenantId}`, sql`c.is_total = ${isTotal}`, sql`c.day <= ${maxTo}::date`);
    if (minFrom) where.push(sql`c.day >= ${minFrom}::date`);
    from = sql.raw(`"${fact.table}"`);
  } else {
    const span: Span = {
      from: minFrom ? localMidnight(minFrom, q.timeZone) : null,
      to: localMidnight(shiftDays(maxTo, 1), q.timeZone),
    };
    from = sql`(${fact.rows(q.tenantId, span)})`;
  }
  const groupBy = q.groupBy.length
    ? sql` group by ${sql.join(
        q.groupBy.map((_, i) => sql.raw(String(i + 1))),
        sql`, `,
      )}`
    : sql``;
  let query = sql`select ${sql.join([...keys, ...sums], sql`, `)} from ${from} c
    where ${where.length ? sql.join(where, sql` and `) : sql`true`}${groupBy}`;
  if (q.medianOnly) {
    const n = q.groupBy.length - 1;
    const count = sql.raw(`g."w0_${fact.measures[0]}"`);
    const within = n
      ? sql.raw(
          `partition by ${q.groupBy
            .slice(0, n)
            .map((_, i) => `g."k${i}"`)
            .join(', ')}`,
        )
      : sql``;
    query = sql`select * from (
        select g.*, sum(${count}) over (${within} order by g.${sql.raw(`"k${n}"`)}::int) as cum,
          sum(${count}) over (${within}) as n
        from (${query}) g) x
      where x.cum * 2 >= x.n and (x.cum - x.${sql.raw(`"w0_${fact.measures[0]}"`)}) * 2 < x.n`;
  }
  const rows = await rowsOf<Record<string, string | number>>(db, query);
  return rows.map((r) => ({
    key: Object.fromEntries(q.groupBy.map((k, i) => [k, String(r[`k${i}`])])),
    sums: Object.fromEntries(
      q.windows.map((w, wi) => [
        w.name,
        Object.fromEntries(fact.measures.map((name) => [name, Number(r[`w${wi}_${name}`])])),
      ]),
    ),
  }));
}

const dimSentinel = (fact: Fact, d: string) => {
  const type = fact.dims[d] as keyof typeof SENTINEL;
  return sql.raw(`'${SENTINEL[type]}'::${type === 'int' ? 'int' : type}`);
};

/**
 * Recompute a fact's rollup rows of some local days (all days when `days` is null) from the base tables:
 * delete, then insert the sums per day and dimensions plus the per-day total rows (GROUPING SETS).
 * The caller holds the fact's advisory lock, so two folds of one tenant and fact never interleave.
 */
export async function foldFact(
  tx: DbOrTx,
  tenantId: string,
  timeZone: string,
  name: FactName,
  days: string[] | null,
) {
  const fact = FACTS[name];
  const table = sql.raw(`"${fact.table}"`);
  const dims = Object.keys(fact.dims);
  const dayList = days ? `{${days.join(',')}}` : null;
  const sorted = days ? [...days].sort() : [];
  await tx.execute(
    sql`delete from ${table} where tenant_id = ${tenantId}${dayList ? sql` and day = any(${dayList}::date[])` : sql``}`,
  );
  const span: Span = days
    ? {
        from: localMidnight(sorted[0] as string, timeZone),
        to: localMidnight(shiftDays(sorted[sorted.length - 1] as string, 1), timeZone),
      }
    : { from: null, to: null };
  const first = dims.find((d) => !fact.keep.includes(d)) as string;
  const col = (d: string) => sql.raw(`c."${d}"`);
  const cols = sql.raw(
    ['tenant_id', 'day', 'is_total', ...dims, ...fact.measures].map((c) => `"${c}"`).join(', '),
  );
  await tx.execute(sql`
    insert into ${table} (${cols})
    select ${tenantId}::uuid, c.day, grouping(${col(first)}) = 1,
      ${sql.join(
        dims.map((d) => sql`coalesce(${col(d)}, ${dimSentinel(fact, d)})`),
        sql`, `,
      )},
      ${sql.join(
        fact.measures.map((mm) => sql`sum(${col(mm)})`),
        sql`, `,
      )}
    from (select ${localDayOf(sql.raw('r.ts'), timeZone)} as day, r.* from (${fact.rows(tenantId, span)}) r) c
    ${dayList ? sql`where c.day = any(${dayList}::date[])` : sql``}
    group by grouping sets ((c.day, ${sql.join(dims.map(col), sql`, `)}), (c.day${sql.raw(
      fact.keep.map((k) => `, c."${k}"`).join(''),
    )}))`);
}

/** Lock one tenant's fact for folding: a transaction-scoped advisory lock, so it ends with the fold. */
export async function lockFact(tx: DbOrTx, tenantId: string, fact: FactName) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${tenantId}:${fact}`}, 0))`);
}

export type DirtyMark = { tenant_id: string; fact: string; day: string | null };

/** Take a batch of dirty marks; rows another fold holds are skipped, not waited for. */
export function takeDirty(tx: DbOrTx, limit: number) {
  return rowsOf<DirtyMark>(
    tx,
    sql`delete from analytics_dirty where id in (
      select id from analytics_dirty order by id limit ${limit} for update skip locked)
    returning tenant_id::text, fact, day::text`,
  );
}

export async function hasDirty(db: DbOrTx) {
  const [row] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from analytics_dirty`);
  return (row?.n ?? 0) > 0;
}

export async function dropDirty(tx: DbOrTx, tenantId: string) {
  await tx.execute(sql`delete from analytics_dirty where tenant_id = ${tenantId}`);
}

export async function recordChange(tx: DbOrTx, tenantId: string, facts: FactName[]) {
  const [row] = await rowsOf<{ id: number }>(
    tx,
    sql`insert into analytics_changes (tenant_id, facts) values (${tenantId}, ${`{${facts.join(',')}}`}::text[])
      returning id::float8 as id`,
  );
  return row?.id as number;
}

/** The tenant's changes after an event id: the facts they touched and the newest id (null if none). */
export async function changesSince(db: DbOrTx, tenantId: string, after: number) {
  const [row] = await rowsOf<{ latest: number | null; facts: string[] | null; oldest: number | null }>(
    db,
    sql`select max(id)::float8 as latest, array_agg(distinct f) as facts,
        (select min(id)::float8 from analytics_changes where tenant_id = ${tenantId}) as oldest
      from analytics_changes, unnest(facts) f where tenant_id = ${tenantId} and id > ${after}`,
  );
  return {
    latest: row?.latest ?? null,
    facts: (row?.facts ?? []).filter((f): f is FactName => (FACT_NAMES as string[]).includes(f)),
    oldest: row?.oldest ?? null,
  };
}

export async function latestChange(db: DbOrTx, tenantId: string) {
  const [row] = await rowsOf<{ id: number | null }>(
    db,
    sql`select max(id)::float8 as id from analytics_changes where tenant_id = ${tenantId}`,
  );
  return row?.id ?? 0;
}

export async function pruneChanges(db: DbOrTx, olderThan: Date) {
  await db.execute(
    sql`delete from analytics_changes where created_at < ${olderThan.toISOString()}::timestamptz`,
  );
}

const LABEL_TABLES: Record<string, string> = {
  practitioner_id: 'practitioners',
  department_id: 'departments',
  location_id: 'locations',
  template_id: 'journey_templates',
};

/**
 * Display names of directory entries for breakdown keys (names of staff and places, not of patients);
 * null for dimensions that are their own label (channel, direction, agent).
 */
export async function dimLabels(db: DbOrTx, tenantId: string, dim: string, ids: string[]) {
  const table = LABEL_TABLES[dim];
  if (!table) return null;
  if (!ids.length) return new Map<string, string>();
  const rows = await rowsOf<{ id: string; name: string }>(
    db,
    sql`select id::text, name from ${sql.raw(`"${table}"`)}
      where tenant_id = ${tenantId} and id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function tenantIds(db: DbOrTx) {
  const rows = await db.select({ id: organizations.id }).from(organizations);
  return rows.map((r) => r.id);
}

import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { rowsOf } from '../../platform/db/rows.js';
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

export async function tenantTimeZone(db: DbOrTx, tenantId: string): Promise<string | null> {
  const [row] = await db
    .select({ tz: organizations.time_zone })
    .from(organizations)
    .where(eq(organizations.id, tenantId));
  return row?.tz ?? null;
}

const dimSentinel = (fact: Fact, d: string) => {
  const type = fact.dims[d] as keyof typeof SENTINEL;
  return sql.raw(`'${SENTINEL[type]}'::${type === 'int' ? 'int' : type}`);
};

/**
 * Recompute a fact's rollup rows of some local days (all days when `days` is null) from the base tables:
 * delete, then insert the sums per day and dimensions plus the per-day total rows (GROUPING SETS); then
 * the months and medians derived from those days. The caller holds the fact's advisory lock, so two folds of one tenant and fact never interleave.
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
  await foldDerived(tx, tenantId, name, days);
}

/**
 * Recompute the monthly rows of the months holding some days (all months when `days` is null) from the
 * daily rows, and a histogram's per-day medians of those days: both are sums (or a selection) of daily
 * rows, so they are exact whenever the daily rows are.
 */
async function foldDerived(tx: DbOrTx, tenantId: string, name: FactName, days: string[] | null) {
  const fact = FACTS[name];
  const dims = Object.keys(fact.dims).map((d) => `"${d}"`);
  const firsts = days ? [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))].sort() : null;
  const months = firsts ? `{${firsts.join(',')}}` : null;
  const monthOf = sql.raw(`date_trunc('month', day::timestamp)::date`);
  // The keys (tenant, is_total, day, …) narrow the scan to the day range; the list keeps the touched months.
  const inMonths = firsts
    ? sql` and is_total in (true, false) and day >= ${firsts[0]}::date and day < (${firsts[firsts.length - 1]}::date + interval '1 month')::date
        and ${monthOf} = any(${months}::date[])`
    : sql``;
  await tx.execute(
    sql`delete from ${sql.raw(`"${fact.monthly}"`)} where tenant_id = ${tenantId}${months ? sql` and month = any(${months}::date[])` : sql``}`,
  );
  const keyCols = sql.raw(['is_total', ...dims].join(', '));
  const measures = fact.measures.map((m) => `"${m}"`);
  await tx.execute(sql`
    insert into ${sql.raw(`"${fact.monthly}"`)} (tenant_id, month, ${keyCols}, ${sql.raw(measures.join(', '))})
    select tenant_id, ${monthOf}, ${keyCols}, ${sql.raw(measures.map((m) => `sum(${m})`).join(', '))}
    from ${sql.raw(`"${fact.table}"`)} where tenant_id = ${tenantId}${inMonths}
    group by tenant_id, 2, ${keyCols}`);
  if (!fact.medians) return;
  const [bucket, count] = [`"${fact.keep[0]}"`, `"${fact.measures[0]}"`];
  const groups = sql.raw(['is_total', 'day', ...dims.filter((d) => d !== bucket)].join(', '));
  const dayList = days ? `{${days.join(',')}}` : null;
  const inDays = dayList ? sql` and is_total in (true, false) and day = any(${dayList}::date[])` : sql``;
  const medians = sql.raw(`"${fact.medians}"`);
  await tx.execute(sql`delete from ${medians} where tenant_id = ${tenantId}${inDays}`);
  // The lower median, as histogramMedian picks it: the first bucket whose running count reaches half.
  await tx.execute(sql`
    insert into ${medians} (tenant_id, ${groups}, ${sql.raw(bucket)}, ${sql.raw(count)})
    select tenant_id, ${groups}, ${sql.raw(bucket)}, n from (
      select r.*, sum(${sql.raw(count)}) over (partition by ${groups} order by ${sql.raw(bucket)}) as cum,
        sum(${sql.raw(count)}) over (partition by ${groups}) as n
      from ${sql.raw(`"${fact.table}"`)} r where tenant_id = ${tenantId}${inDays}) x
    where cum * 2 >= n and (cum - ${sql.raw(count)}) * 2 < n`);
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

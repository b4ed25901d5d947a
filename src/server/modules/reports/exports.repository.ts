import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { rowsOf } from '../../platform/db/rows.js';
import type { Row } from './report.model.js';

/*
 * Row-level exports read the base tables in keyset batches ordered by (instant, id): each batch is one
 * short query, so memory holds one batch however many rows the range has, on PGlite as on PostgreSQL,
 * and no cursor or transaction stays open while a slow consumer (an HTTP client, a file) catches up.
 */
export const BATCH = 2000;

export type RowFilters = {
  practitioner_id?: string | undefined;
  department_id?: string | undefined;
  location_id?: string | undefined;
  channel?: string | undefined;
};
export type RowQuery = { from: Date; to: Date; filters: RowFilters; withIdentity: boolean };
export type Dataset = 'appointments' | 'messages' | 'voice_calls';

type Source = {
  /** The instant the row counts at (its range and keyset column) and its id, as SQL over alias `x`. */
  ts: string;
  select: (q: RowQuery) => SQL;
  table: string;
  /** Lookups joined to a batch once it is chosen (names of patients, practitioners, places). */
  joins: SQL;
  where: (q: RowQuery) => SQL[];
};

const eq = (col: string, v: string | undefined) => (v ? [sql`${sql.raw(col)} = ${v}`] : []);
const identity = (q: RowQuery, s: string) => sql.raw(q.withIdentity ? s : '');

const SOURCES: Record<Dataset, Source> = {
  appointments: {
    ts: 'x.starts_at',
    select: (q) => sql`x.id, x.starts_at, x.ends_at, x.duration_minutes, x.status, x.source, x.patient_id,
      ${identity(q, 'p.full_name as patient_name, p.phone as patient_phone, x.reason, x.cancel_reason,')}
      pr.name as practitioner, d.name as department, l.name as location, x.booked_at, x.completed_at,
      x.cancelled_at, x.no_show_at`,
    table: 'appointments',
    joins: sql`join patients p on p.id = x.patient_id and p.tenant_id = x.tenant_id
      join practitioners pr on pr.id = x.practitioner_id and pr.tenant_id = x.tenant_id
      left join departments d on d.id = x.department_id and d.tenant_id = x.tenant_id
      left join locations l on l.id = x.location_id and l.tenant_id = x.tenant_id`,
    where: (q) => [
      ...eq('x.practitioner_id', q.filters.practitioner_id),
      ...eq('x.department_id', q.filters.department_id),
      ...eq('x.location_id', q.filters.location_id),
    ],
  },
  messages: {
    ts: 'x.created_at',
    select: (
      q,
    ) => sql`x.id, x.created_at, x.direction, x.channel, x.status, x.message_type, x.conversation_id,
      x.patient_id, ${identity(q, 'p.full_name as patient_name, p.phone as patient_phone, x.body,')}
      x.error_code`,
    table: 'messages',
    joins: sql`join patients p on p.id = x.patient_id and p.tenant_id = x.tenant_id`,
    where: (q) => eq('x.channel', q.filters.channel),
  },
  voice_calls: {
    ts: 'x.started_at',
    select: (q) => sql`x.id, x.started_at, x.ended_at, x.direction, x.duration_seconds, x.end_reason,
      x.agent_name, x.intent, x.outcome, x.sentiment, x.booking_status, x.patient_id,
      ${identity(q, 'p.full_name as patient_name, x.from_number, x.to_number, x.summary,')} x.appointment_id`,
    table: 'voice_calls',
    joins: sql`left join patients p on p.id = x.patient_id and p.tenant_id = x.tenant_id`,
    where: () => [],
  },
};

function inRange(s: Source, tenantId: string, q: RowQuery): SQL {
  const ts = sql.raw(s.ts);
  return sql.join(
    [
      sql`x.tenant_id = ${tenantId}`,
      sql`${ts} >= ${q.from.toISOString()}::timestamptz`,
      sql`${ts} < ${q.to.toISOString()}::timestamptz`,
      ...s.where(q),
    ],
    sql` and `,
  );
}

/** Every row of a dataset in [from, to) for one tenant, in (instant, id) order, one batch at a time. */
export async function* streamRows(
  db: DbOrTx,
  tenantId: string,
  dataset: Dataset,
  q: RowQuery,
  batch = BATCH,
): AsyncGenerator<Row> {
  const s = SOURCES[dataset];
  const ts = sql.raw(s.ts);
  // The keyset instant travels as text: PostgreSQL keeps microseconds, a JS Date only milliseconds.
  let after: [string, string] | null = null;
  for (;;) {
    // The plain `ts >=` bound lets the (tenant, instant) index start at the last row; the row comparison
    // alone is not an index condition there, and every batch would rescan the range from its start.
    const next = after
      ? sql` and ${ts} >= ${after[0]}::timestamptz and (${ts}, x.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : sql``;
    // The batch is chosen on the base table alone (an index range, then the limit), and only then
    // joined: the plan cannot turn into "join everything, sort, keep 2,000" on stale statistics.
    const rows = await rowsOf<Record<string, unknown>>(
      db,
      sql`select ${s.select(q)}, x.keyset_ts from (
        select x.*, ${ts}::text as keyset_ts from ${sql.raw(s.table)} x
        where ${inRange(s, tenantId, q)}${next} order by ${ts}, x.id limit ${batch}
      ) x ${s.joins} order by ${ts}, x.id`,
    );
    for (const r of rows) {
      const { keyset_ts: _, ...row } = r;
      yield row as Row;
    }
    if (rows.length < batch) return;
    const last = rows.at(-1) as Record<string, unknown>;
    after = [String(last.keyset_ts), String(last.id)];
  }
}

/** How many rows an export would have: decides between answering at once and a background job. */
export async function countRows(
  db: DbOrTx,
  tenantId: string,
  dataset: Dataset,
  q: RowQuery,
): Promise<number> {
  const s = SOURCES[dataset];
  const [r] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${sql.raw(s.table)} x where ${inRange(s, tenantId, q)}`,
  );
  return Number(r?.n ?? 0);
}

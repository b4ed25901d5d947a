import { type SQL, sql } from 'drizzle-orm';
import {
  APPOINTMENT_STATUSES,
  type FactName,
  ROLLUPS,
  type RollupShape,
} from '../../platform/db/schema/index.js';

/*
 * The one definition of every measure. Each fact is a query over the base tables yielding one row per
 * contribution: `ts` (the instant it counts at), the fact's dimensions, and its measures. The rollup fold
 * sums these rows per local day; the base-table computation (property test, benchmark baseline) sums the
 * very same rows over a period. So the rollups cannot drift from the definition, only lag behind it.
 */

/** Instants (SQL timestamptz expressions) bounding a contribution query, [from, to); null is unbounded. */
export type Span = { from: SQL | null; to: SQL | null };

/**
 * The instant a local day starts, computed by PostgreSQL: the same time-zone rules that assign rows to
 * rollup days, so a base-table range and a rollup day can never disagree.
 */
export const localMidnight = (day: string, timeZone: string) =>
  sql`(${day}::date::timestamp at time zone ${timeZone})`;
export const localDayOf = (ts: SQL, timeZone: string) => sql`(${ts} at time zone ${timeZone})::date`;

export const NO_ID = '00000000-0000-0000-0000-000000000000';
const noId = sql.raw(`'${NO_ID}'::uuid`);

function within(ts: SQL, span: Span): SQL {
  const parts = [sql`true`];
  if (span.from) parts.push(sql`${ts} >= ${span.from}`);
  if (span.to) parts.push(sql`${ts} < ${span.to}`);
  return sql.join(parts, sql` and `);
}

const seconds = (from: string, to: string) =>
  sql.raw(`greatest(0, floor(extract(epoch from (${to} - ${from}))))::bigint`);
const flag = (cond: string) => sql.raw(`(case when ${cond} then 1 else 0 end)`);

/** Calls that reached a person or the agent; the rest rang out, were busy, failed or went to voicemail. */
export const ANSWERED_END_REASONS = ['completed', 'caller_hangup', 'agent_hangup', 'transferred'];
export const MISSED_END_REASONS = ['no_answer', 'busy', 'failed', 'voicemail'];
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * Response times: every outbound message that follows one or more inbound messages in its conversation
 * answers them; its response time runs from the earliest of those unanswered inbound messages. The first
 * response of a conversation answers its first inbound message. Counted at the outbound message's instant.
 */
function responses(tenantId: string, span: Span): SQL {
  return sql`
    select r.created_at as ts, r.channel,
      ${seconds('r.wait_start', 'r.created_at')} as seconds, (r.grp = r.first_grp) as is_first
    from (
      select g.*,
        min(g.created_at) filter (where g.direction = 'inbound') over (partition by g.conversation_id, g.grp) as wait_start,
        min(g.grp) filter (where g.direction = 'inbound') over (partition by g.conversation_id) as first_grp
      from (
        select m.conversation_id, m.channel, m.direction, m.created_at,
          count(*) filter (where m.direction = 'outbound') over (
            partition by m.conversation_id order by m.created_at, m.id
            rows between unbounded preceding and 1 preceding) as grp
        from messages m
        where m.tenant_id = ${tenantId} and m.conversation_id in (
          select o.conversation_id from messages o
          where o.tenant_id = ${tenantId} and o.direction = 'outbound' and ${within(sql`o.created_at`, span)})
      ) g
    ) r
    where r.direction = 'outbound' and r.wait_start is not null and ${within(sql`r.created_at`, span)}`;
}

/** Histogram bucket of a response time: 10% wide, so a median from the rollups is within ±5%. */
export const BUCKET_GROWTH = 1.1;
const bucketOf = (s: string) =>
  sql.raw(`(case when ${s} < 1 then 0 else floor(ln(${s}::float8) / ln(${BUCKET_GROWTH}))::int + 1 end)`);

export type Fact = RollupShape & {
  name: FactName;
  /** Contribution rows for a tenant within a span: ts, every dimension, every measure. */
  rows(tenantId: string, span: Span): SQL;
};

const FACT_ROWS: Record<FactName, Fact['rows']> = {
  appointments: (t, span) => sql`
    select a.starts_at as ts, a.practitioner_id, coalesce(a.department_id, ${noId}) as department_id,
      coalesce(a.location_id, ${noId}) as location_id, 1 as total,
      ${sql.raw(APPOINTMENT_STATUSES.map((st) => `(case when a.status = '${st}' then 1 else 0 end) as ${st}, `).join(''))}
      ${seconds('a.booked_at', 'a.starts_at')} as lead_time_seconds_sum
    from appointments a where a.tenant_id = ${t} and ${within(sql`a.starts_at`, span)}`,

  // A journey counts as started on its start, completed/cancelled on that instant (never before its start).
  journeys: (t, span) => sql`
    select j.ts, coalesce(j.department_id, ${noId}) as department_id, j.template_id,
      j.started, j.completed, j.cancelled
    from (
      select started_at as ts, department_id, template_id, 1 as started, 0 as completed, 0 as cancelled
      from patient_journeys where tenant_id = ${t}
      union all
      select greatest(started_at, completed_at), department_id, template_id, 0, 1, 0
      from patient_journeys where tenant_id = ${t} and status = 'completed' and completed_at is not null
      union all
      select greatest(started_at, cancelled_at), department_id, template_id, 0, 0, 1
      from patient_journeys where tenant_id = ${t} and status = 'cancelled' and cancelled_at is not null
    ) j where ${within(sql`j.ts`, span)}`,

  // Stage time: completed stages, from start to completion, at completion. Drop-off: a cancelled journey
  // counts against its first stage that was neither completed nor skipped (position 0 if none).
  journey_stages: (t, span) => sql`
    select x.ts, coalesce(x.department_id, ${noId}) as department_id, x.template_id, x.position,
      x.stage_name, x.stages_completed, x.stage_seconds_sum, x.dropped_off
    from (
      select greatest(s.started_at, s.completed_at) as ts, j.department_id, j.template_id, s.position,
        s.name as stage_name, 1 as stages_completed,
        ${seconds('s.started_at', 's.completed_at')} as stage_seconds_sum, 0 as dropped_off
      from patient_journey_stages s
      join patient_journeys j on j.tenant_id = s.tenant_id and j.id = s.journey_id
      where s.tenant_id = ${t} and s.status = 'completed' and s.started_at is not null
        and s.completed_at is not null
      union all
      select greatest(j.started_at, j.cancelled_at), j.department_id, j.template_id,
        coalesce(st.position, 0), coalesce(st.name, ''), 0, 0, 1
      from patient_journeys j
      left join lateral (
        select s.position, s.name from patient_journey_stages s
        where s.tenant_id = j.tenant_id and s.journey_id = j.id and s.status not in ('completed', 'skipped')
        order by s.position limit 1
      ) st on true
      where j.tenant_id = ${t} and j.status = 'cancelled' and j.cancelled_at is not null
    ) x where ${within(sql`x.ts`, span)}`,

  communication: (t, span) => sql`
    select m.created_at as ts, m.channel, ${flag("m.direction = 'inbound'")} as messages_in,
      ${flag("m.direction = 'outbound'")} as messages_out, 0 as conversations_opened,
      0 as conversations_closed, 0 as responses, 0 as response_seconds_sum, 0 as first_responses,
      0 as first_response_seconds_sum
    from messages m where m.tenant_id = ${t} and ${within(sql`m.created_at`, span)}
    union all
    select c.opened_at, c.channel, 0, 0, 1, 0, 0, 0, 0, 0
    from conversations c where c.tenant_id = ${t} and ${within(sql`c.opened_at`, span)}
    union all
    select greatest(c.opened_at, c.closed_at), c.channel, 0, 0, 0, 1, 0, 0, 0, 0
    from conversations c where c.tenant_id = ${t} and c.status = 'closed' and c.closed_at is not null
      and ${within(sql`greatest(c.opened_at, c.closed_at)`, span)}
    union all
    select r.ts, r.channel, 0, 0, 0, 0, 1, r.seconds, ${flag('r.is_first')},
      case when r.is_first then r.seconds else 0 end
    from (${responses(t, span)}) r`,

  response_buckets: (t, span) => sql`
    select r.ts, r.channel, ${bucketOf('r.seconds')} as bucket, 1 as responses
    from (${responses(t, span)}) r`,

  calls: (t, span) => sql`
    select coalesce(v.started_at, v.created_at) as ts, coalesce(v.direction, '') as direction,
      coalesce(v.agent_id, '') as agent_id, 1 as total,
      ${flag(`v.end_reason in (${list(ANSWERED_END_REASONS)})`)} as answered,
      ${flag(`v.end_reason in (${list(MISSED_END_REASONS)})`)} as missed,
      case when v.end_reason in (${sql.raw(list(ANSWERED_END_REASONS))})
        then coalesce(v.duration_seconds, 0) else 0 end as duration_seconds_sum,
      ${flag("v.outcome = 'appointment_booked' or v.booking_status = 'booked'")} as booked,
      ${flag("v.end_reason = 'transferred' or v.outcome = 'transferred_to_staff'")} as transferred,
      ${flag("v.sentiment = 'positive'")} as sentiment_positive,
      ${flag("v.sentiment = 'neutral'")} as sentiment_neutral,
      ${flag("v.sentiment = 'negative'")} as sentiment_negative
    from voice_calls v where v.tenant_id = ${t} and ${within(sql`coalesce(v.started_at, v.created_at)`, span)}`,
};

export const FACTS: Record<FactName, Fact> = Object.fromEntries(
  (Object.keys(ROLLUPS) as FactName[]).map((name) => [
    name,
    { ...(ROLLUPS[name] as RollupShape), name, rows: FACT_ROWS[name] },
  ]),
) as Record<FactName, Fact>;

export const FACT_NAMES = Object.keys(ROLLUPS) as FactName[];

/** The stored value of an absent dimension. */
export const SENTINEL: Record<RollupShape['dims'][string], string> = { uuid: NO_ID, text: '', int: '0' };

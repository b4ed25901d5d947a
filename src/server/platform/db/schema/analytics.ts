import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, tenantId } from './columns.js';
import { APPOINTMENT_STATUSES } from './enums.js';

/*
 * Daily rollups: one row per tenant, local day (in the tenant's time zone) and dimension combination, plus
 * one `is_total` row per day with the dimensions collapsed (so an unfiltered dashboard reads one row a day).
 * Absent dimensions are stored as a sentinel (zero UUID, '' or 0) so the natural key can be a primary key.
 * Every measure is an integer sum, so any period is an exact SUM. The analytics module defines how each
 * measure is computed from the base tables (modules/analytics/analytics.facts.ts) and keeps these filled.
 *
 * Monthly rollups hold the same sums per local calendar month (`month` = its first day), summed from the
 * daily rows whenever those change, so a long period reads whole months from them and only its edge days
 * from the daily table (docs/decisions/0510).
 */
export type DimType = 'uuid' | 'text' | 'int';
export type RollupShape = {
  table: string;
  monthly: string;
  dims: Record<string, DimType>;
  /** Dimensions the total row keeps (a histogram keeps its bucket). */
  keep: readonly string[];
  measures: readonly string[];
  /** Histograms: the table of each day's lower-median bucket (keep[0]) and count (measures[0]). */
  medians?: string;
};

export const ROLLUPS = {
  appointments: {
    table: 'analytics_appointments_daily',
    monthly: 'analytics_appointments_monthly',
    dims: { practitioner_id: 'uuid', department_id: 'uuid', location_id: 'uuid' },
    keep: [],
    // One count per status, so a status added to the lifecycle gets its measure here.
    measures: ['total', ...APPOINTMENT_STATUSES, 'lead_time_seconds_sum'],
  },
  journeys: {
    table: 'analytics_journeys_daily',
    monthly: 'analytics_journeys_monthly',
    dims: { department_id: 'uuid', template_id: 'uuid' },
    keep: [],
    measures: ['started', 'completed', 'cancelled'],
  },
  journey_stages: {
    table: 'analytics_journey_stages_daily',
    monthly: 'analytics_journey_stages_monthly',
    dims: { department_id: 'uuid', template_id: 'uuid', position: 'int', stage_name: 'text' },
    keep: [],
    measures: ['stages_completed', 'stage_seconds_sum', 'dropped_off'],
  },
  communication: {
    table: 'analytics_communication_daily',
    monthly: 'analytics_communication_monthly',
    dims: { channel: 'text' },
    keep: [],
    measures: [
      'messages_in',
      'messages_out',
      'conversations_opened',
      'conversations_closed',
      'responses',
      'response_seconds_sum',
      'first_responses',
      'first_response_seconds_sum',
    ],
  },
  response_buckets: {
    table: 'analytics_response_buckets_daily',
    monthly: 'analytics_response_buckets_monthly',
    dims: { channel: 'text', bucket: 'int' },
    keep: ['bucket'],
    measures: ['responses'],
    medians: 'analytics_response_medians_daily',
  },
  calls: {
    table: 'analytics_calls_daily',
    monthly: 'analytics_calls_monthly',
    dims: { direction: 'text', agent_id: 'text' },
    keep: [],
    measures: [
      'total',
      'answered',
      'missed',
      'duration_seconds_sum',
      'booked',
      'transferred',
      'sentiment_positive',
      'sentiment_neutral',
      'sentiment_negative',
    ],
  },
} as const satisfies Record<string, RollupShape>;

export type FactName = keyof typeof ROLLUPS;

const dimColumn = {
  uuid: (n: string) => uuid(n).notNull(),
  text: (n: string) => text(n).notNull(),
  int: (n: string) => integer(n).notNull(),
};

function rollupTable(shape: RollupShape, grain: 'day' | 'month') {
  const table = grain === 'day' ? shape.table : shape.monthly;
  const columns = {
    tenant_id: tenantId(),
    [grain]: date(grain, { mode: 'string' }).notNull(),
    is_total: boolean('is_total').notNull(),
    ...Object.fromEntries(Object.entries(shape.dims).map(([n, t]) => [n, dimColumn[t](n)])),
    ...Object.fromEntries(shape.measures.map((m) => [m, bigint(m, { mode: 'number' }).notNull().default(0)])),
  };
  return pgTable(table, columns, (t) => {
    const c = t as unknown as Record<string, AnyPgColumn>;
    const [first, ...rest] = ['tenant_id', 'is_total', grain, ...Object.keys(shape.dims)].map(
      (n) => c[n] as AnyPgColumn,
    );
    return [primaryKey({ name: `${table}_pk`, columns: [first as AnyPgColumn, ...rest] })];
  });
}

export const analyticsAppointmentsDaily = rollupTable(ROLLUPS.appointments, 'day');
export const analyticsJourneysDaily = rollupTable(ROLLUPS.journeys, 'day');
export const analyticsJourneyStagesDaily = rollupTable(ROLLUPS.journey_stages, 'day');
export const analyticsCommunicationDaily = rollupTable(ROLLUPS.communication, 'day');
export const analyticsResponseBucketsDaily = rollupTable(ROLLUPS.response_buckets, 'day');
export const analyticsCallsDaily = rollupTable(ROLLUPS.calls, 'day');
export const analyticsAppointmentsMonthly = rollupTable(ROLLUPS.appointments, 'month');
export const analyticsJourneysMonthly = rollupTable(ROLLUPS.journeys, 'month');
export const analyticsJourneyStagesMonthly = rollupTable(ROLLUPS.journey_stages, 'month');
export const analyticsCommunicationMonthly = rollupTable(ROLLUPS.communication, 'month');
export const analyticsResponseBucketsMonthly = rollupTable(ROLLUPS.response_buckets, 'month');
export const analyticsCallsMonthly = rollupTable(ROLLUPS.calls, 'month');

/**
 * The lower-median bucket of each day's response-time histogram, per channel and in total (`is_total`),
 * with the day's response count: a daily series of the median reads one row a day instead of the day's
 * whole histogram. Recomputed from analytics_response_buckets_daily with it.
 */
export const analyticsResponseMediansDaily = pgTable(
  'analytics_response_medians_daily',
  {
    tenant_id: tenantId(),
    is_total: boolean('is_total').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    channel: text('channel').notNull(),
    bucket: integer('bucket').notNull(),
    responses: bigint('responses', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'analytics_response_medians_daily_pk',
      columns: [t.tenant_id, t.is_total, t.day, t.channel],
    }),
  ],
);

/**
 * Local days whose rollups no longer match the base tables. Filled by triggers on the base tables (so no
 * writer has to remember analytics), emptied by the fold. Append-only without a unique key: concurrent
 * writers never wait on each other's marker. `day` null means "rebuild every fact of this tenant".
 */
export const analyticsDirty = pgTable(
  'analytics_dirty',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenant_id: tenantId(),
    fact: text('fact').notNull(),
    day: date('day', { mode: 'string' }),
    created_at: createdAt(),
  },
  (t) => [index('analytics_dirty_tenant_idx').on(t.tenant_id)],
);

/** One row per committed fold: the id is the live stream's event id, so clients resume across processes. */
export const analyticsChanges = pgTable(
  'analytics_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenant_id: tenantId(),
    facts: text('facts').array().notNull(),
    created_at: createdAt(),
  },
  (t) => [index('analytics_changes_tenant_idx').on(t.tenant_id, t.id)],
);

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
import { APPOINTMENT_STATUSES } from './appointments.js';
import { createdAt, tenantId } from './columns.js';

/*
 * Daily rollups: one row per tenant, local day (in the tenant's time zone) and dimension combination, plus
 * one `is_total` row per day with the dimensions collapsed (so an unfiltered dashboard reads one row a day).
 * Absent dimensions are stored as a sentinel (zero UUID, '' or 0) so the natural key can be a primary key.
 * Every measure is an integer sum, so any period is an exact SUM. The analytics module defines how each
 * measure is computed from the base tables (modules/analytics/analytics.facts.ts) and keeps these filled.
 */
export type DimType = 'uuid' | 'text' | 'int';
export type RollupShape = {
  table: string;
  dims: Record<string, DimType>;
  /** Dimensions the total row keeps (a histogram keeps its bucket). */
  keep: readonly string[];
  measures: readonly string[];
};

export const ROLLUPS = {
  appointments: {
    table: 'analytics_appointments_daily',
    dims: { practitioner_id: 'uuid', department_id: 'uuid', location_id: 'uuid' },
    keep: [],
    // One count per status, so a status added to the lifecycle gets its measure here.
    measures: ['total', ...APPOINTMENT_STATUSES, 'lead_time_seconds_sum'],
  },
  journeys: {
    table: 'analytics_journeys_daily',
    dims: { department_id: 'uuid', template_id: 'uuid' },
    keep: [],
    measures: ['started', 'completed', 'cancelled'],
  },
  journey_stages: {
    table: 'analytics_journey_stages_daily',
    dims: { department_id: 'uuid', template_id: 'uuid', position: 'int', stage_name: 'text' },
    keep: [],
    measures: ['stages_completed', 'stage_seconds_sum', 'dropped_off'],
  },
  communication: {
    table: 'analytics_communication_daily',
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
    dims: { channel: 'text', bucket: 'int' },
    keep: ['bucket'],
    measures: ['responses'],
  },
  calls: {
    table: 'analytics_calls_daily',
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

function rollupTable(shape: RollupShape) {
  const columns = {
    tenant_id: tenantId(),
    day: date('day', { mode: 'string' }).notNull(),
    is_total: boolean('is_total').notNull(),
    ...Object.fromEntries(Object.entries(shape.dims).map(([n, t]) => [n, dimColumn[t](n)])),
    ...Object.fromEntries(shape.measures.map((m) => [m, bigint(m, { mode: 'number' }).notNull().default(0)])),
  };
  return pgTable(shape.table, columns, (t) => {
    const c = t as unknown as Record<string, AnyPgColumn>;
    const [first, ...rest] = ['tenant_id', 'is_total', 'day', ...Object.keys(shape.dims)].map(
      (n) => c[n] as AnyPgColumn,
    );
    return [primaryKey({ name: `${shape.table}_pk`, columns: [first as AnyPgColumn, ...rest] })];
  });
}

export const analyticsAppointmentsDaily = rollupTable(ROLLUPS.appointments);
export const analyticsJourneysDaily = rollupTable(ROLLUPS.journeys);
export const analyticsJourneyStagesDaily = rollupTable(ROLLUPS.journey_stages);
export const analyticsCommunicationDaily = rollupTable(ROLLUPS.communication);
export const analyticsResponseBucketsDaily = rollupTable(ROLLUPS.response_buckets);
export const analyticsCallsDaily = rollupTable(ROLLUPS.calls);

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

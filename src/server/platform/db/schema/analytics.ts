import { bigint, date, doublePrecision, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tenantId } from './columns.js';

/*
 * Daily rollups, one row per tenant, local day (in the tenant's time zone) and dimension combination.
 * Dimension ids are stored as the zero UUID when absent so the natural key can be a plain primary key.
 * The analytics module owns how they are filled; their columns are sums so any period is a SUM.
 */
const bigCount = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

export const analyticsAppointmentsDaily = pgTable(
  'analytics_appointments_daily',
  {
    tenant_id: tenantId(),
    day: date('day', { mode: 'string' }).notNull(),
    practitioner_id: uuid('practitioner_id').notNull(),
    department_id: uuid('department_id').notNull(),
    location_id: uuid('location_id').notNull(),
    status: text('status').notNull(),
    count: bigCount('count'),
    lead_time_hours_sum: doublePrecision('lead_time_hours_sum').notNull().default(0),
  },
  (t) => [index('analytics_appointments_daily_key').on(t.tenant_id, t.day, t.practitioner_id, t.status)],
);

export const analyticsJourneysDaily = pgTable(
  'analytics_journeys_daily',
  {
    tenant_id: tenantId(),
    day: date('day', { mode: 'string' }).notNull(),
    department_id: uuid('department_id').notNull(),
    template_id: uuid('template_id').notNull(),
    started: bigCount('started'),
    completed: bigCount('completed'),
    cancelled: bigCount('cancelled'),
  },
  (t) => [index('analytics_journeys_daily_key').on(t.tenant_id, t.day, t.department_id)],
);

export const analyticsCommunicationDaily = pgTable(
  'analytics_communication_daily',
  {
    tenant_id: tenantId(),
    day: date('day', { mode: 'string' }).notNull(),
    channel: text('channel').notNull(),
    messages_in: bigCount('messages_in'),
    messages_out: bigCount('messages_out'),
    conversations_opened: bigCount('conversations_opened'),
    conversations_closed: bigCount('conversations_closed'),
    first_response_count: bigCount('first_response_count'),
    first_response_seconds_sum: doublePrecision('first_response_seconds_sum').notNull().default(0),
  },
  (t) => [index('analytics_communication_daily_key').on(t.tenant_id, t.day, t.channel)],
);

export const analyticsVoiceDaily = pgTable(
  'analytics_voice_daily',
  {
    tenant_id: tenantId(),
    day: date('day', { mode: 'string' }).notNull(),
    direction: text('direction').notNull(),
    agent_id: text('agent_id').notNull(),
    calls: bigCount('calls'),
    answered: bigCount('answered'),
    missed: bigCount('missed'),
    duration_seconds_sum: bigCount('duration_seconds_sum'),
    booked: bigCount('booked'),
    transferred: bigCount('transferred'),
    positive: integer('positive').notNull().default(0),
    neutral: integer('neutral').notNull().default(0),
    negative: integer('negative').notNull().default(0),
  },
  (t) => [index('analytics_voice_daily_key').on(t.tenant_id, t.day, t.direction)],
);

import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tstz, updatedAt } from './columns.js';
import {
  DELIVERY_STATUSES,
  FREQUENCIES,
  REPORT_FORMATS,
  REPORT_STATUSES,
  REPORT_TYPES,
  ROLES,
} from './enums.js';
import { organizations } from './tenancy.js';

export const reportSchedules = pgTable(
  'report_schedules',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    name: text('name').notNull(),
    /** The generate request the schedule repeats (report_type, format, period, filters, options). */
    request: jsonb('request').$type<Record<string, unknown>>().notNull(),
    frequency: text('frequency', { enum: FREQUENCIES }).notNull(),
    /** Local wall-clock time "HH:MM" in the tenant's zone (daily, weekly, monthly). */
    time_of_day: text('time_of_day'),
    /** 1 = Monday … 7 = Sunday (weekly). */
    day_of_week: integer('day_of_week'),
    /** 1–28 so every month has the day (monthly). */
    day_of_month: integer('day_of_month'),
    /** Five-field cron read in the tenant's zone (frequency cron). */
    cron: text('cron'),
    recipients: text('recipients').array().notNull().default(sql`'{}'::text[]`),
    /** The role whose view the scheduled file shows (an analyst's schedule never carries phone numbers). */
    owner_role: text('owner_role', { enum: ROLES }).notNull(),
    created_by: uuid('created_by'),
    active: boolean('active').notNull().default(true),
    next_run_at: tstz('next_run_at'),
    last_run_at: tstz('last_run_at'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    index('report_schedules_tenant_idx').on(t.tenant_id, t.id),
    index('report_schedules_due_idx').on(t.next_run_at).where(sql`active`),
  ],
);

export const reports = pgTable(
  'reports',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    report_type: text('report_type', { enum: REPORT_TYPES }).notNull(),
    format: text('format', { enum: REPORT_FORMATS }).notNull(),
    title: text('title').notNull(),
    request: jsonb('request').$type<Record<string, unknown>>().notNull(),
    requested_by_type: text('requested_by_type', {
      enum: ['user', 'api_key', 'webhook', 'schedule'],
    }).notNull(),
    requested_by: uuid('requested_by'),
    role: text('role', { enum: ROLES }).notNull(),
    schedule_id: uuid('schedule_id').references(() => reportSchedules.id),
    /** The schedule slot this run fills; unique with the schedule, so a slot runs once. */
    slot_at: tstz('slot_at'),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    row_count: bigint('row_count', { mode: 'number' }),
    file_name: text('file_name'),
    content_type: text('content_type'),
    file_size: bigint('file_size', { mode: 'number' }),
    error: text('error'),
    recipients: text('recipients').array().notNull().default(sql`'{}'::text[]`),
    delivery_status: text('delivery_status', { enum: DELIVERY_STATUSES }).notNull().default('none'),
    delivery_error: text('delivery_error'),
    delivered_at: tstz('delivered_at'),
    started_at: tstz('started_at'),
    completed_at: tstz('completed_at'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    index('reports_tenant_created_idx').on(t.tenant_id, t.created_at),
    uniqueIndex('reports_schedule_slot_key').on(t.schedule_id, t.slot_at),
  ],
);

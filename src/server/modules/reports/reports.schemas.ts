import { z } from 'zod';
import {
  CHANNELS,
  DELIVERY_STATUSES,
  FREQUENCIES,
  REPORT_FORMATS,
  REPORT_STATUSES,
  REPORT_TYPES,
  ROLES,
} from '../../platform/db/schema/enums.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { email, optionalText, text } from '../../platform/http/schemas.js';
import { AGGREGATIONS, TIME_PERIODS } from '../../platform/time/periods.js';
import { realtimeQuery } from '../analytics/analytics.schemas.js';

export const reportFilters = z
  .strictObject({
    practitioner_id: z.uuid().optional(),
    department_id: z.uuid().optional(),
    location_id: z.uuid().optional(),
    channel: z.enum(CHANNELS).optional(),
  })
  .default({});

const requestFields = {
  report_type: z.enum(REPORT_TYPES),
  format: z.enum(REPORT_FORMATS),
  time_period: z.enum(TIME_PERIODS).default('last_30_days'),
  start_date: z.string().max(10).optional(),
  end_date: z.string().max(10).optional(),
  aggregation: z.enum(AGGREGATIONS).default('daily'),
  filters: reportFilters,
  include_charts: z.boolean().default(true),
  include_breakdown: z.boolean().default(true),
  /** The aggregate sections (figures, trends, breakdowns); off for a rows-only export. */
  include_summary: z.boolean().default(true),
  /** Row-level sheets (every appointment / message / call in the range); CSV and XLSX only. */
  include_rows: z.boolean().default(false),
  /** A UTF-8 byte-order mark so Excel opens the CSV as UTF-8. */
  csv_bom: z.boolean().default(false),
  title: optionalText(200),
};

type RequestFields = {
  format: string;
  include_rows: boolean;
  include_summary: boolean;
  time_period: string;
  start_date?: string | undefined;
  end_date?: string | undefined;
};

/** The period rules are the analytics API's own (one validator), re-pathed onto this body. */
function checkRequest(r: RequestFields, ctx: z.RefinementCtx) {
  const period = realtimeQuery.safeParse({
    time_period: r.time_period,
    ...(r.start_date !== undefined ? { start_date: r.start_date } : {}),
    ...(r.end_date !== undefined ? { end_date: r.end_date } : {}),
  });
  if (!period.success)
    for (const issue of period.error.issues)
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  if (!r.include_summary && !r.include_rows)
    ctx.addIssue({ code: 'custom', path: ['include_summary'], message: 'A report needs a summary or rows' });
  if (r.include_rows && r.format === 'pdf')
    ctx.addIssue({ code: 'custom', path: ['include_rows'], message: 'Row-level exports are CSV or XLSX' });
}

export const generateRequest = z
  .strictObject({
    ...requestFields,
    /** Accepted for compatibility with the seed's API; must be the caller's own tenant. */
    tenant_id: z.uuid().optional(),
    /** Answer 202 and build in the background even when the report is small. */
    background: z.boolean().default(false),
  })
  .superRefine(checkRequest);
export type GenerateRequest = z.output<typeof generateRequest>;

/** What a schedule repeats: a generate request without the one-off fields. */
export const scheduledRequest = z.strictObject(requestFields).superRefine(checkRequest);
export type ScheduledRequest = z.output<typeof scheduledRequest>;

/** The seed's quick exports take only the period and filters. */
export const quickExportRequest = z
  .strictObject({
    time_period: requestFields.time_period,
    start_date: requestFields.start_date,
    end_date: requestFields.end_date,
    filters: reportFilters,
    title: optionalText(200),
    tenant_id: z.uuid().optional(),
  })
  .default({ time_period: 'last_30_days', filters: {} });
export type QuickExportRequest = z.output<typeof quickExportRequest>;

export const report = z.object({
  id: z.uuid(),
  report_type: z.enum(REPORT_TYPES),
  format: z.enum(REPORT_FORMATS),
  title: z.string(),
  request: z.record(z.string(), z.unknown()),
  requested_by_type: z.enum(['user', 'api_key', 'webhook', 'schedule']),
  requested_by: z.uuid().nullable(),
  role: z.enum(ROLES),
  schedule_id: z.uuid().nullable(),
  slot_at: z.date().nullable(),
  status: z.enum(REPORT_STATUSES),
  progress: z.number().describe('0–100'),
  row_count: z.number().nullable(),
  file_name: z.string().nullable(),
  content_type: z.string().nullable(),
  file_size: z.number().nullable(),
  error: z.string().nullable(),
  recipients: z.array(z.string()),
  delivery_status: z.enum(DELIVERY_STATUSES),
  delivery_error: z.string().nullable(),
  delivered_at: z.date().nullable(),
  started_at: z.date().nullable(),
  completed_at: z.date().nullable(),
  created_at: z.date(),
  download_url: z.string().nullable().describe('Set once completed; needs the same credentials'),
});

export const reportQuery = z.strictObject({
  ...pageQuery,
  schedule_id: z.uuid().optional(),
  status: z.enum(REPORT_STATUSES).optional(),
});
export type ReportQuery = z.output<typeof reportQuery>;

export const signedQuery = z.strictObject({
  expires: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 42),
  sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Invalid signature'),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour, local time)');
const cron = z
  .string()
  .max(100)
  .regex(/^\S+(\s+\S+){4}$/, 'Five fields: minute hour day-of-month month day-of-week');

const scheduleFields = {
  name: text(200),
  request: scheduledRequest,
  frequency: z.enum(FREQUENCIES),
  time_of_day: hhmm.optional(),
  day_of_week: z.number().int().min(1).max(7).optional().describe('1 = Monday … 7 = Sunday'),
  day_of_month: z.number().int().min(1).max(28).optional(),
  cron: cron.optional(),
  recipients: z.array(email).min(1).max(20),
  active: z.boolean().default(true),
};

type Timing = {
  frequency?: string | undefined;
  time_of_day?: string | undefined;
  day_of_week?: number | undefined;
  day_of_month?: number | undefined;
  cron?: string | undefined;
};

/** Each frequency takes exactly the fields it needs. */
export function timingIssues(t: Timing): { path: string; message: string }[] {
  const need: Record<string, (keyof Timing)[]> = {
    daily: ['time_of_day'],
    weekly: ['time_of_day', 'day_of_week'],
    monthly: ['time_of_day', 'day_of_month'],
    cron: ['cron'],
  };
  const wanted = need[t.frequency ?? ''] ?? [];
  const all: (keyof Timing)[] = ['time_of_day', 'day_of_week', 'day_of_month', 'cron'];
  return all.flatMap((k) => {
    if (wanted.includes(k) && t[k] === undefined)
      return [{ path: k, message: `Required for ${t.frequency}` }];
    if (!wanted.includes(k) && t[k] !== undefined)
      return [{ path: k, message: `Not used by frequency ${t.frequency}` }];
    return [];
  });
}

export const scheduleCreate = z.strictObject(scheduleFields).superRefine((v, ctx) => {
  for (const i of timingIssues(v)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
});
export type ScheduleCreate = z.output<typeof scheduleCreate>;

export const scheduleUpdate = z
  .strictObject(scheduleFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');
export type ScheduleUpdate = z.output<typeof scheduleUpdate>;

export const schedule = z.object({
  id: z.uuid(),
  name: z.string(),
  request: z.record(z.string(), z.unknown()),
  frequency: z.enum(FREQUENCIES),
  time_of_day: z.string().nullable(),
  day_of_week: z.number().nullable(),
  day_of_month: z.number().nullable(),
  cron: z.string().nullable(),
  recipients: z.array(z.string()),
  owner_role: z.enum(ROLES),
  active: z.boolean(),
  next_run_at: z.date().nullable(),
  last_run_at: z.date().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

export const accepted = z.object({
  id: z.uuid(),
  status: z.enum(REPORT_STATUSES),
  progress: z.number(),
  status_url: z.string(),
});

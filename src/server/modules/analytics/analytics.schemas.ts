import { z } from 'zod';
import { CHANNELS } from '../../platform/db/schema/enums.js';
import { AGGREGATIONS, customRangeError, isCalendarDate, TIME_PERIODS } from '../../platform/time/periods.js';
import { FILTERS, SECTIONS, UNITS } from './analytics.names.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD')
  .refine(isCalendarDate, 'Not a calendar date');
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const periodFields = {
  time_period: z.enum(TIME_PERIODS).default('last_30_days'),
  start_date: day.optional(),
  end_date: day.optional(),
  practitioner_id: z.uuid().optional(),
  department_id: z.uuid().optional(),
  location_id: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  /** Accepted for compatibility with the seed's API; must be the caller's own tenant. */
  tenant_id: z.uuid().optional(),
};

type PeriodFields = { time_period: string; start_date?: string | undefined; end_date?: string | undefined };

/** Custom needs both dates, in order, within the span limit; named periods take no dates. */
function checkDates(q: PeriodFields, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (q.time_period !== 'custom') {
    if (q.start_date) issue('start_date', 'start_date is only allowed with time_period=custom');
    if (q.end_date) issue('end_date', 'end_date is only allowed with time_period=custom');
    return;
  }
  if (!q.start_date) issue('start_date', 'Required with time_period=custom');
  if (!q.end_date) issue('end_date', 'Required with time_period=custom');
  if (q.start_date && q.end_date) {
    const why = customRangeError(q.start_date, q.end_date);
    if (why) issue('end_date', why);
  }
}

export const analyticsQuery = z
  .strictObject({
    ...periodFields,
    aggregation: z.enum(AGGREGATIONS).default('daily'),
    include_breakdown: bool.default(false),
  })
  .superRefine(checkDates);
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

export const realtimeQuery = z.strictObject(periodFields).superRefine(checkDates);
export type RealtimeQuery = z.infer<typeof realtimeQuery>;

const nullableNumber = z.number().nullable();
const range = z.object({ start_date: z.string(), end_date: z.string(), start: z.date(), end: z.date() });

export const periodOut = range.extend({
  time_period: z.enum(TIME_PERIODS),
  time_zone: z.string(),
  days: z.number(),
  aggregation: z.enum(AGGREGATIONS),
  previous: range,
});

export const metricValue = z.object({
  value: nullableNumber,
  previous: nullableNumber,
  change_pct: nullableNumber.describe(
    '(value − previous) ÷ |previous| × 100; null when previous is 0 or null',
  ),
});

const values = z.record(z.string(), nullableNumber);
export const sectionBody = z.object({
  filters_applied: z.array(z.enum(FILTERS)),
  metrics: z.record(z.string(), metricValue),
  series: z.array(z.object({ start_date: z.string(), end_date: z.string(), values })),
  breakdowns: z
    .record(z.string(), z.array(z.object({ key: z.string(), label: z.string().nullable(), values })))
    .nullable(),
});

export const sectionResponse = sectionBody.extend({ period: periodOut });
export const dashboardResponse = z.object({
  period: periodOut,
  ...Object.fromEntries(SECTIONS.map((s) => [s, sectionBody])),
}) as z.ZodObject<{ period: typeof periodOut } & Record<(typeof SECTIONS)[number], typeof sectionBody>>;

export const catalogResponse = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      definition: z.string(),
      unit: z.enum(UNITS),
      section: z.enum(SECTIONS),
      breakdowns: z.array(z.string()),
      filters: z.array(z.enum(FILTERS)),
    }),
  ),
});

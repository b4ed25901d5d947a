import { TZDate } from '@date-fns/tz';
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  differenceInCalendarDays,
  format,
  isValid,
  min,
  parse,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from 'date-fns';

export const TIME_PERIODS = [
  'today',
  'yesterday',
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'this_year',
  'custom',
] as const;
export type TimePeriod = (typeof TIME_PERIODS)[number];

export const AGGREGATIONS = ['daily', 'weekly', 'monthly'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Local calendar days, both inclusive, as YYYY-MM-DD. */
export type LocalRange = { start_date: string; end_date: string };
/** A local range with the instants it covers: [start, end). */
export type InstantRange = LocalRange & { start: Date; end: Date };
export type ResolvedPeriod = InstantRange & {
  time_period: TimePeriod;
  time_zone: string;
  days: number;
  previous: InstantRange;
};

/** A custom range may span at most this many years (the rollups stay cheap to sum). */
export const MAX_CUSTOM_YEARS = 2;
const WEEK = { weekStartsOn: 1 } as const;

/* Calendar arithmetic happens on dates pinned to UTC, so the machine's own zone never shifts a day. */
const cal = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, 'UTC');
};
const ymd = (d: Date) => format(new TZDate(d.getTime(), 'UTC'), 'yyyy-MM-dd');

/** The local day an instant falls on in a time zone. */
export const localDay = (at: Date, timeZone: string) =>
  format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd');

/** The instant a local day begins (midnight, or the first instant after a DST gap at midnight). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
}

/*
 * Day arithmetic is plain UTC milliseconds (a calendar day is 86,400,000 ms in UTC): the analytics engine
 * calls these for every day of a series, and a TZDate costs an Intl look-up per call.
 */
const DAY_MS = 86_400_000;
const utcMs = (day: string) =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
export const shiftDays = (day: string, n: number) =>
  new Date(utcMs(day) + n * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) => Math.round((utcMs(to) - utcMs(from)) / DAY_MS);

/** A real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isCalendarDate(s: string) {
  const d = parse(s, 'yyyy-MM-dd', cal('2000-01-01'));
  return isValid(d) && ymd(d) === s;
}

/** Why a custom range is not acceptable, or null when it is. */
export function customRangeError(start: string, end: string): string | null {
  if (start > end) return 'start_date must not be after end_date';
  if (end >= ymd(addYears(cal(start), MAX_CUSTOM_YEARS)))
    return `A custom range may span at most ${MAX_CUSTOM_YEARS} years`;
  return null;
}

const withInstants = (r: LocalRange, timeZone: string): InstantRange => ({
  ...r,
  start: startOfLocalDay(r.start_date, timeZone),
  end: startOfLocalDay(shiftDays(r.end_date, 1), timeZone),
});

type Unit = (d: Date, n: number) => Date;
const UNITS: Record<'week' | 'month' | 'quarter' | 'year', { start: (d: Date) => Date; add: Unit }> = {
  week: { start: (d) => startOfWeek(d, WEEK), add: addWeeks },
  month: { start: startOfMonth, add: addMonths },
  quarter: { start: startOfQuarter, add: addQuarters },
  year: { start: startOfYear, add: addYears },
};

/** The current and previous ranges of a named period, from today's local date. */
function ranges(period: Exclude<TimePeriod, 'custom'>, today: Date): [Date, Date, Date, Date] {
  const rolling = (n: number, endOffset: number) => {
    const end = addDays(today, -endOffset);
    const start = addDays(end, -(n - 1));
    return [start, end, addDays(start, -n), addDays(start, -1)] as [Date, Date, Date, Date];
  };
  const toDate = (unit: keyof typeof UNITS) => {
    const { start: startOf, add } = UNITS[unit];
    const start = startOf(today);
    const prevStart = add(start, -1);
    // Period-to-date compares with the same elapsed days of the previous period, never a full one.
    const prevEnd = min([addDays(prevStart, differenceInCalendarDays(today, start)), addDays(start, -1)]);
    return [start, today, prevStart, prevEnd] as [Date, Date, Date, Date];
  };
  const last = (unit: keyof typeof UNITS) => {
    const { start: startOf, add } = UNITS[unit];
    const start = add(startOf(today), -1);
    return [start, addDays(startOf(today), -1), add(start, -1), addDays(start, -1)] as [
      Date,
      Date,
      Date,
      Date,
    ];
  };
  switch (period) {
    case 'today':
      return rolling(1, 0);
    case 'yesterday':
      return rolling(1, 1);
    case 'last_7_days':
      return rolling(7, 0);
    case 'last_30_days':
      return rolling(30, 0);
    case 'last_90_days':
      return rolling(90, 0);
    case 'this_week':
      return toDate('week');
    case 'last_week':
      return last('week');
    case 'this_month':
      return toDate('month');
    case 'last_month':
      return last('month');
    case 'this_quarter':
      return toDate('quarter');
    case 'this_year':
      return toDate('year');
  }
}

export type PeriodInput = { time_period: TimePeriod; start_date?: string; end_date?: string };

/**
 * Resolve a period in the tenant's time zone. Rolling periods end today (inclusive); `this_*` periods run
 * from the start of the week (Monday), month, quarter or year to today; the previous period is the one just
 * before, of equal length (for `this_*`: the same number of elapsed days of the previous week/month/…).
 * Callers validate custom dates first (customRangeError).
 */
export function resolvePeriod(input: PeriodInput, timeZone: string, now = new Date()): ResolvedPeriod {
  let current: LocalRange;
  let previous: LocalRange;
  if (input.time_period === 'custom') {
    const start = input.start_date as string;
    const end = input.end_date as string;
    const n = daysBetween(start, end) + 1;
    current = { start_date: start, end_date: end };
    previous = { start_date: shiftDays(start, -n), end_date: shiftDays(start, -1) };
  } else {
    const [s, e, ps, pe] = ranges(input.time_period, cal(localDay(now, timeZone)));
    current = { start_date: ymd(s), end_date: ymd(e) };
    previous = { start_date: ymd(ps), end_date: ymd(pe) };
  }
  return {
    ...withInstants(current, timeZone),
    time_period: input.time_period,
    time_zone: timeZone,
    days: daysBetween(current.start_date, current.end_date) + 1,
    previous: withInstants(previous, timeZone),
  };
}

/** The first day of the aggregation bucket a local day belongs to (weeks start on Monday). */
export function bucketStart(day: string, aggregation: Aggregation): string {
  if (aggregation === 'daily') return day;
  return ymd(aggregation === 'weekly' ? startOfWeek(cal(day), WEEK) : startOfMonth(cal(day)));
}

/** The buckets covering a range, clipped to it, so a series has a point for every bucket (zeros included). */
export function bucketsOf(range: LocalRange, aggregation: Aggregation): LocalRange[] {
  const out: LocalRange[] = [];
  let start = range.start_date;
  while (start <= range.end_date) {
    const first = bucketStart(start, aggregation);
    const next =
      aggregation === 'daily'
        ? shiftDays(first, 1)
        : ymd(aggregation === 'weekly' ? addWeeks(cal(first), 1) : addMonths(cal(first), 1));
    const last = shiftDays(next, -1);
    out.push({ start_date: start, end_date: [last, range.end_date].sort()[0] as string });
    start = next;
  }
  return out;
}

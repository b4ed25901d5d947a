import { describe, expect, it } from 'vitest';
import {
  bucketsOf,
  customRangeError,
  isCalendarDate,
  localDay,
  resolvePeriod,
  startOfLocalDay,
} from './periods.js';

const NY = 'America/New_York';
const KOLKATA = 'Asia/Kolkata';
const at = (s: string) => new Date(s);
const dates = (p: { start_date: string; end_date: string }) => [p.start_date, p.end_date];

describe('time periods', () => {
  it('takes "today" from the tenant zone, not from UTC', () => {
    // 20:00 UTC on 1 March is already 2 March in Kolkata (+05:30) and still 1 March in New York.
    const now = at('2026-03-01T20:00:00Z');
    expect(dates(resolvePeriod({ time_period: 'today' }, KOLKATA, now))).toEqual([
      '2026-03-02',
      '2026-03-02',
    ]);
    expect(dates(resolvePeriod({ time_period: 'today' }, NY, now))).toEqual(['2026-03-01', '2026-03-01']);
    const k = resolvePeriod({ time_period: 'today' }, KOLKATA, now);
    expect(k.start.toISOString()).toBe('2026-03-01T18:30:00.000Z');
    expect(k.end.toISOString()).toBe('2026-03-02T18:30:00.000Z');
    expect(dates(k.previous)).toEqual(['2026-03-01', '2026-03-01']);
  });

  it('gives New York days of 23 and 25 hours across the DST changes', () => {
    const spring = resolvePeriod(
      { time_period: 'custom', start_date: '2026-03-08', end_date: '2026-03-08' },
      NY,
    );
    expect(spring.start.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    const autumn = resolvePeriod(
      { time_period: 'custom', start_date: '2026-11-01', end_date: '2026-11-01' },
      NY,
    );
    expect(autumn.start.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
    expect(localDay(at('2026-11-02T04:30:00Z'), NY)).toBe('2026-11-01');
    expect(localDay(at('2026-11-02T05:00:00Z'), NY)).toBe('2026-11-02');
    expect(startOfLocalDay('2026-03-09', NY).toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it.each([
    ['yesterday', ['2026-05-13', '2026-05-13'], ['2026-05-12', '2026-05-12']],
    ['last_7_days', ['2026-05-08', '2026-05-14'], ['2026-05-01', '2026-05-07']],
    ['last_30_days', ['2026-04-15', '2026-05-14'], ['2026-03-16', '2026-04-14']],
    ['last_90_days', ['2026-02-14', '2026-05-14'], ['2025-11-16', '2026-02-13']],
    ['this_week', ['2026-05-11', '2026-05-14'], ['2026-05-04', '2026-05-07']],
    ['last_week', ['2026-05-04', '2026-05-10'], ['2026-04-27', '2026-05-03']],
    ['this_month', ['2026-05-01', '2026-05-14'], ['2026-04-01', '2026-04-14']],
    ['last_month', ['2026-04-01', '2026-04-30'], ['2026-03-01', '2026-03-31']],
    ['this_quarter', ['2026-04-01', '2026-05-14'], ['2026-01-01', '2026-02-13']],
    ['this_year', ['2026-01-01', '2026-05-14'], ['2025-01-01', '2025-05-14']],
  ] as const)('resolves %s with its previous period', (time_period, current, previous) => {
    // Thursday 14 May 2026, mid-morning in Kolkata.
    const p = resolvePeriod({ time_period }, KOLKATA, at('2026-05-14T05:00:00Z'));
    expect(dates(p)).toEqual(current);
    expect(dates(p.previous)).toEqual(previous);
  });

  it('clips a to-date comparison to the end of a shorter previous month', () => {
    const p = resolvePeriod({ time_period: 'this_month' }, KOLKATA, at('2026-03-31T06:00:00Z'));
    expect(dates(p.previous)).toEqual(['2026-02-01', '2026-02-28']);
  });

  it('takes the equal-length range before a custom one as its previous period', () => {
    const p = resolvePeriod({ time_period: 'custom', start_date: '2026-02-25', end_date: '2026-03-03' }, NY);
    expect(p.days).toBe(7);
    expect(dates(p.previous)).toEqual(['2026-02-18', '2026-02-24']);
  });

  it('validates custom ranges: order, two-year limit, real dates', () => {
    expect(customRangeError('2026-03-02', '2026-03-01')).toMatch(/after/);
    expect(customRangeError('2024-01-01', '2025-12-31')).toBeNull();
    expect(customRangeError('2024-01-01', '2026-01-01')).toMatch(/2 years/);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });

  it('cuts weekly (Monday) and monthly buckets, clipped to the range', () => {
    const range = { start_date: '2026-04-29', end_date: '2026-05-12' };
    expect(bucketsOf(range, 'weekly')).toEqual([
      { start_date: '2026-04-29', end_date: '2026-05-03' },
      { start_date: '2026-05-04', end_date: '2026-05-10' },
      { start_date: '2026-05-11', end_date: '2026-05-12' },
    ]);
    expect(bucketsOf(range, 'monthly')).toEqual([
      { start_date: '2026-04-29', end_date: '2026-04-30' },
      { start_date: '2026-05-01', end_date: '2026-05-12' },
    ]);
    expect(bucketsOf(range, 'daily')).toHaveLength(14);
  });
});

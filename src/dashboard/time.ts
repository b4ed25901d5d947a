import { TZDate } from '@date-fns/tz';

/**
 * Day boundaries in the organisation's time zone, not the browser's: a receptionist abroad still sees the
 * clinic's "today". Calendar days are plain `YYYY-MM-DD` strings.
 */

const dayKeyFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

export const dayKey = (at: Date, timeZone: string) => dayKeyFormat(timeZone).format(at);
export const today = (timeZone: string) => dayKey(new Date(), timeZone);

const parts = (day: string) => day.split('-').map(Number) as [number, number, number];

/** The instant a calendar day starts in a time zone (handles DST and half-hour offsets). */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = parts(day);
  return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Monday of the day's week. */
export function startOfWeek(day: string): string {
  const [y, m, d] = parts(day);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** `HH:MM` on a calendar day in a time zone, as the instant the API expects. */
export function instantAt(day: string, time: string, timeZone: string): Date {
  const [y, m, d] = parts(day);
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, timeZone).getTime());
}

export const formatTime = (at: Date, timeZone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);

export const formatDay = (day: string, locale: string) =>
  new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${day}T00:00:00Z`));

export const formatDateTime = (at: Date, timeZone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);

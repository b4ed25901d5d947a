import { expect, it } from 'vitest';
import { addDays, dayKey, instantAt, startOfDay, startOfWeek } from './time.js';

it('finds where a calendar day starts in the organisation’s time zone, not the machine’s', () => {
  expect(startOfDay('2026-03-10', 'Asia/Kolkata').toISOString()).toBe('2026-03-09T18:30:00.000Z');
  expect(startOfDay('2026-03-10', 'UTC').toISOString()).toBe('2026-03-10T00:00:00.000Z');
  // A day that springs forward in New York is 23 hours long.
  const dst = startOfDay('2026-03-08', 'America/New_York');
  expect(startOfDay('2026-03-09', 'America/New_York').getTime() - dst.getTime()).toBe(23 * 3600_000);
});

it('turns a wall-clock time on a day into the instant the API expects', () => {
  expect(instantAt('2026-12-02', '20:00', 'Asia/Kolkata').toISOString()).toBe('2026-12-02T14:30:00.000Z');
  expect(dayKey(new Date('2026-12-02T19:00:00Z'), 'Asia/Kolkata')).toBe('2026-12-03');
});

it('steps calendar days and weeks (Monday first) across month and year ends', () => {
  expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  expect(startOfWeek('2026-12-06')).toBe('2026-11-30'); // a Sunday
  expect(startOfWeek('2026-11-30')).toBe('2026-11-30'); // a Monday
});

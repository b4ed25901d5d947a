import { CronExpressionParser } from 'cron-parser';

export type Timing = {
  frequency: 'daily' | 'weekly' | 'monthly' | 'cron';
  time_of_day: string | null;
  day_of_week: number | null;
  day_of_month: number | null;
  cron: string | null;
};

/** Every frequency is a cron expression read in the tenant's zone; daily/weekly/monthly are shorthands. */
export function cronOf(t: Timing): string {
  if (t.frequency === 'cron') return t.cron ?? '';
  const [h, m] = (t.time_of_day ?? '00:00').split(':').map(Number);
  const at = `${m} ${h}`;
  if (t.frequency === 'daily') return `${at} * * *`;
  if (t.frequency === 'weekly') return `${at} * * ${(t.day_of_week ?? 1) % 7}`;
  return `${at} ${t.day_of_month ?? 1} * *`;
}

/** The first slot strictly after `after`, in the tenant's zone (DST handled by cron-parser). */
export function nextSlot(t: Timing, timeZone: string, after: Date): Date {
  return CronExpressionParser.parse(cronOf(t), { currentDate: after, tz: timeZone }).next().toDate();
}

/** Why a cron expression cannot be used, or null. */
export function cronError(expr: string): string | null {
  try {
    CronExpressionParser.parse(expr, { strict: false });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : 'Invalid cron expression';
  }
}

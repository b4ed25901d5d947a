import { shiftDays } from '../../platform/time/periods.js';

/*
 * Which rollup rows a range of local days reads: the monthly rows of the calendar months it covers whole,
 * the daily rows of the days at its edges. Pure date arithmetic on YYYY-MM-DD strings (a local month is a
 * calendar month whatever the zone), so the split cannot disagree with the fold that filled the tables.
 */

/** A run of rollup rows, both ends inclusive: months named by their first day; `from` null is unbounded. */
export type Run = { monthly: boolean; from: string | null; to: string };

const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
const isMonthStart = (day: string) => day.endsWith('-01');
const isMonthEnd = (day: string) => isMonthStart(shiftDays(day, 1));
/** The first day of the month before / after the one starting on `month`. */
const monthBefore = (month: string) => monthOf(shiftDays(month, -1));
const monthAfter = (month: string) => monthOf(shiftDays(month, 31));

/**
 * The runs that sum exactly to the days `from`…`to` (inclusive; `from` null = since the beginning),
 * using whole months when `months` allows (a grouping by day or week needs daily rows throughout).
 */
export function runsOf(from: string | null, to: string, months: boolean): Run[] {
  if (!months) return [{ monthly: false, from, to }];
  const firstWhole = from === null || isMonthStart(from) ? from : monthAfter(monthOf(from));
  const lastWhole = isMonthEnd(to) ? monthOf(to) : monthBefore(monthOf(to));
  if (firstWhole !== null && firstWhole > lastWhole) return [{ monthly: false, from, to }];
  const runs: Run[] = [];
  if (from !== null && firstWhole !== null && from < firstWhole)
    runs.push({ monthly: false, from, to: shiftDays(firstWhole, -1) });
  runs.push({ monthly: true, from: firstWhole, to: lastWhole });
  const tail = monthAfter(lastWhole);
  if (tail <= to) runs.push({ monthly: false, from: tail, to });
  return runs;
}

/** The union of runs of one table as few runs as possible (overlapping or adjacent ones merged). */
export function mergeRuns(runs: Run[]): Run[] {
  const next = (r: Run) => (r.monthly ? monthAfter(r.to) : shiftDays(r.to, 1));
  const key = (r: Run) => `${r.monthly ? 1 : 0}${r.from ?? ''}`;
  const sorted = [...runs].sort((a, b) => key(a).localeCompare(key(b)));
  const out: Run[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.monthly === r.monthly && (r.from === null || r.from <= next(last))) {
      if (r.to > last.to) last.to = r.to;
    } else out.push({ ...r });
  }
  return out;
}

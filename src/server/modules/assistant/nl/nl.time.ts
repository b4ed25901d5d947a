import { TZDate } from '@date-fns/tz';
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  format,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from 'date-fns';
import { daysBetween, isCalendarDate } from '../../../platform/time/periods.js';
import type { Token } from './nl.text.js';

export type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';
/** Local days, both inclusive. `unit`: the calendar unit the range is (or runs to date of, `toDate`). */
export type DayRange = { start_date: string; end_date: string; label: string; unit?: Unit; toDate?: boolean };
export type TimeMatch = DayRange & { from: number; to: number };

/* Calendar arithmetic on dates pinned to UTC, so the machine's zone never shifts a day. */
const cal = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, day, 'UTC');
};
const ymd = (d: Date) => format(new TZDate(d.getTime(), 'UTC'), 'yyyy-MM-dd');
const shiftDaysCal = (d: string, n: number) => ymd(addDays(cal(d), n));
const pretty = (d: string) => format(cal(d), 'd MMM yyyy');

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORDS = new Map<string, number>();
for (const [i, full] of [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
].entries()) {
  MONTH_WORDS.set(full, i);
  MONTH_WORDS.set(MONTHS[i] as string, i);
}
MONTH_WORDS.set('sept', 8);
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  couple: 2,
  three: 3,
  few: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};
const UNIT_WORDS: Record<string, Unit | 'fortnight' | 'weekend' | 'hour'> = {
  day: 'day',
  days: 'day',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
  quarter: 'quarter',
  quarters: 'quarter',
  year: 'year',
  years: 'year',
  fortnight: 'fortnight',
  weekend: 'weekend',
  hour: 'hour',
  hours: 'hour',
};
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: 4 };

/** Words that only join a time expression to the question; they belong to the expression they precede. */
export const TIME_GLUE = new Set([
  'in',
  'on',
  'during',
  'for',
  'of',
  'the',
  'over',
  'within',
  'at',
  'so',
  'far',
]);
/** Every word the time parser knows, for the typo corrector. */
export const TIME_VOCABULARY = [
  ...MONTH_WORDS.keys(),
  ...WEEKDAYS,
  ...Object.keys(NUMBER_WORDS),
  ...Object.keys(UNIT_WORDS),
  'today',
  'yesterday',
  'tomorrow',
  'tonight',
  'this',
  'current',
  'last',
  'previous',
  'prior',
  'past',
  'next',
  'coming',
  'since',
  'between',
  'from',
  'until',
  'till',
  'through',
  'date',
  'now',
  'currently',
  'quarter',
  'before',
  'right',
  'start',
  'beginning',
  'to',
  'date',
];

const UNITS: Record<Unit, { start: (d: Date) => Date; add: (d: Date, n: number) => Date }> = {
  day: { start: (d) => d, add: addDays },
  week: { start: (d) => startOfWeek(d, { weekStartsOn: 1 }), add: addWeeks },
  month: { start: startOfMonth, add: addMonths },
  quarter: { start: startOfQuarter, add: addQuarters },
  year: { start: startOfYear, add: addYears },
};

/** The whole calendar unit containing `day`, shifted by `n` units. */
export function wholeUnit(unit: Unit, day: string, n: number): DayRange {
  const { start, add } = UNITS[unit];
  const s = add(start(cal(day)), n);
  return { start_date: ymd(s), end_date: ymd(addDays(add(s, 1), -1)), label: '', unit };
}

/** A range moved by n calendar units, day for day (clipped to month ends by date-fns). */
export function shiftRange(r: DayRange, unit: Unit, n: number): DayRange {
  const { add } = UNITS[unit];
  return { ...r, start_date: ymd(add(cal(r.start_date), n)), end_date: ymd(add(cal(r.end_date), n)) };
}

/** The range of equal length just before. */
export function precedingRange(r: DayRange): DayRange {
  const n = daysBetween(r.start_date, r.end_date) + 1;
  return {
    start_date: ymd(addDays(cal(r.start_date), -n)),
    end_date: ymd(addDays(cal(r.start_date), -1)),
    label: 'the period before',
  };
}

export function describeRange(r: { start_date: string; end_date: string }) {
  return r.start_date === r.end_date
    ? pretty(r.start_date)
    : `${pretty(r.start_date)} – ${pretty(r.end_date)}`;
}

type Parsed = { range: DayRange; len: number };
type DayOnly = { day: number; len: number };
const grow = (p: Parsed | null, by: number) => (p ? { ...p, len: p.len + by } : null);

export class TimeParser {
  constructor(
    private readonly tokens: Token[],
    private readonly today: string,
  ) {}

  private w(i: number) {
    return this.tokens[i]?.word;
  }
  private num(i: number): number | null {
    const w = this.w(i);
    if (w === undefined) return null;
    if (/^\d{1,3}$/.test(w)) return Number(w);
    return NUMBER_WORDS[w] ?? null;
  }
  private year(i: number): number | null {
    const w = this.w(i);
    return w && /^(19|20)\d\d$/.test(w) ? Number(w) : null;
  }
  private month(i: number): number | null {
    const w = this.w(i);
    if (w === 'may' && !(this.num(i + 1) ?? this.num(i - 1) ?? this.year(i + 1))) {
      const before = this.w(i - 1);
      if (!before || !['in', 'of', 'since', 'during', 'for', 'from'].includes(before)) return null;
    }
    return w === undefined ? null : (MONTH_WORDS.get(w) ?? null);
  }
  private range(start: Date | string, end: Date | string, label: string, extra: Partial<DayRange> = {}) {
    const s = typeof start === 'string' ? start : ymd(start);
    const e = typeof end === 'string' ? end : ymd(end);
    return { start_date: s, end_date: e, label, ...extra };
  }
  private todayDate() {
    return cal(this.today);
  }

  /** A month, in a given year or else the latest one that has begun. */
  private monthRange(month: number, year: number | null): DayRange {
    const t = this.todayDate();
    const y = year ?? (month <= t.getMonth() ? t.getFullYear() : t.getFullYear() - 1);
    const start = new TZDate(y, month, 1, 'UTC');
    return this.range(start, addDays(addMonths(start, 1), -1), format(start, 'MMMM yyyy'), { unit: 'month' });
  }

  /** "5 nov", "5th of november 2026", "nov 5", "november the 5th", "2026-11-05". */
  private date(i: number, defaultYear?: number): { date: string; len: number } | null {
    const w = this.w(i);
    if (w && /^\d{4}-\d{2}-\d{2}$/.test(w)) return isCalendarDate(w) ? { date: w, len: 1 } : null;
    let j = i;
    if (this.w(j) === 'the') j++;
    const d = this.num(j);
    if (d !== null && /^\d/.test(this.w(j) ?? '')) {
      let k = j + 1;
      if (this.w(k) === 'of') k++;
      const m = this.month(k);
      if (m !== null) return this.withYear(d, m, k + 1, i, defaultYear);
    }
    const m = this.month(i);
    if (m !== null) {
      let k = i + 1;
      if (this.w(k) === 'the') k++;
      const day = this.num(k);
      if (day !== null && /^\d/.test(this.w(k) ?? '') && day <= 31)
        return this.withYear(day, m, k + 1, i, defaultYear);
    }
    return null;
  }
  private withYear(day: number, month: number, next: number, start: number, defaultYear?: number) {
    const y = this.year(next);
    const year = y ?? defaultYear ?? this.todayDate().getFullYear();
    const date = ymd(new TZDate(year, month, day, 'UTC'));
    if (!isCalendarDate(date) || Number(date.slice(8)) !== day) return null;
    return { date, len: next - start + (y ? 1 : 0) };
  }
  private dayOnly(i: number): DayOnly | null {
    let j = i;
    if (this.w(j) === 'the') j++;
    const d = this.num(j);
    return d !== null && d >= 1 && d <= 31 && /^\d/.test(this.w(j) ?? '') ? { day: d, len: j - i + 1 } : null;
  }

  /** "3 and 10 march", "1 to 15 october": the first day borrows the second date's month and year. */
  private span(i: number, joiners: string[]): Parsed | null {
    const first = this.date(i);
    const firstDay = first ? null : this.dayOnly(i);
    const a = first ?? firstDay;
    if (!a) return null;
    const joiner = this.w(i + a.len);
    if (!joiner || !joiners.includes(joiner)) return null;
    const second = this.date(i + a.len + 1, first ? Number(first.date.slice(0, 4)) : undefined);
    if (!second) return null;
    let start = first?.date ?? `${second.date.slice(0, 8)}${String(firstDay?.day).padStart(2, '0')}`;
    let end = second.date;
    if (!isCalendarDate(start)) return null;
    if (start > end) [start, end] = [end, start];
    return {
      range: this.range(start, end, describeRange({ start_date: start, end_date: end })),
      len: a.len + 1 + second.len,
    };
  }

  private relativeUnit(i: number): Parsed | null {
    const w = this.w(i);
    const t = this.todayDate();
    if (!w) return null;
    const unitAt = (k: number) => UNIT_WORDS[this.w(k) ?? ''];
    if (['this', 'current'].includes(w)) {
      const u = unitAt(i + 1);
      if (!u || u === 'fortnight' || u === 'day' || u === 'hour') return null;
      if (u === 'weekend') return this.weekend(0, 2);
      const whole = wholeUnit(u, this.today, 0);
      const toDate = whole.end_date > this.today;
      return {
        range: this.range(whole.start_date, toDate ? this.today : whole.end_date, `this ${u}`, {
          unit: u,
          toDate,
        }),
        len: 2,
      };
    }
    if (['last', 'previous', 'prior', 'past', 'preceding'].includes(w)) {
      let k = i + 1;
      const n = this.num(k);
      if (n !== null) k++;
      if (this.w(k) === 'of') k++;
      const u = unitAt(k);
      if (!u) return null;
      const count = n ?? 1;
      const rolling = n !== null || w === 'past' || u === 'fortnight' || u === 'day';
      if (u === 'weekend') return this.weekend(-1, k - i + 1);
      if (u === 'hour') {
        // Local days are the finest grain: the last N hours span the days they touch.
        const start = addDays(t, -Math.floor(count / 24));
        return { range: this.range(start, t, `the last ${count} hours`), len: k - i + 1 };
      }
      if (rolling) {
        const days = u === 'fortnight' ? 14 * count : u === 'week' ? 7 * count : u === 'day' ? count : 0;
        const start = days ? addDays(t, -(days - 1)) : addDays(UNITS[u as Unit].add(t, -count), 1);
        const label = n !== null ? `the last ${count} ${u}${count > 1 ? 's' : ''}` : `the past ${u}`;
        return { range: this.range(start, t, label), len: k - i + 1 };
      }
      const whole = wholeUnit(u as Unit, this.today, -1);
      return { range: { ...whole, label: `last ${u}` }, len: k - i + 1 };
    }
    if (['next', 'coming', 'upcoming'].includes(w)) {
      let k = i + 1;
      const n = this.num(k);
      if (n !== null) k++;
      const u = unitAt(k);
      if (!u || u === 'weekend' || u === 'hour') return null;
      if (n !== null || w !== 'next' || u === 'fortnight' || u === 'day') {
        const days = u === 'fortnight' ? 14 : u === 'week' ? 7 * (n ?? 1) : u === 'day' ? (n ?? 1) : 0;
        const end = days ? addDays(t, days) : UNITS[u as Unit].add(t, n ?? 1);
        return {
          range: this.range(addDays(t, 1), end, `the next ${n ?? ''} ${u}`.replace('  ', ' ')),
          len: k - i + 1,
        };
      }
      return { range: { ...wholeUnit(u as Unit, this.today, 1), label: `next ${u}` }, len: k - i + 1 };
    }
    return null;
  }

  private weekend(n: number, len: number): Parsed {
    const sat = addDays(startOfWeek(this.todayDate(), { weekStartsOn: 1 }), 5 + 7 * n);
    return { range: this.range(sat, addDays(sat, 1), n ? 'last weekend' : 'this weekend'), len };
  }

  private quarter(i: number): Parsed | null {
    const w = this.w(i);
    let q: number | null = null;
    let len = 1;
    const half = w ? /^h([12])$/.exec(w) : null;
    if (half) return this.half(Number(half[1]), i);
    const m = w ? /^q([1-4])$/.exec(w) : null;
    if (m) q = Number(m[1]);
    else if (w && ORDINALS[w] && w !== 'last' && this.w(i + 1) === 'quarter') {
      q = ORDINALS[w] as number;
      len = 2;
    }
    if (q === null) return null;
    if (this.w(i + len) === 'of' && this.year(i + len + 1)) len++;
    const y = this.year(i + len);
    const t = this.todayDate();
    const startThisYear = new TZDate(t.getFullYear(), (q - 1) * 3, 1, 'UTC');
    const year = y ?? (startThisYear <= t ? t.getFullYear() : t.getFullYear() - 1);
    const start = new TZDate(year, (q - 1) * 3, 1, 'UTC');
    const end = addDays(addMonths(start, 3), -1);
    return { range: this.range(start, end, `Q${q} ${year}`, { unit: 'quarter' }), len: len + (y ? 1 : 0) };
  }

  /** "the first week of November": days 1–7, 8–14, 15–21, 22–28; "last week of" runs to the month's end. */
  private weekOfMonth(i: number): Parsed | null {
    const nth = ORDINALS[this.w(i) ?? ''];
    if (!nth || this.w(i + 1) !== 'week' || this.w(i + 2) !== 'of') return null;
    const m = this.month(i + 3);
    if (m === null) return null;
    const y = this.year(i + 4);
    const month = this.monthRange(m, y);
    const last = this.w(i) === 'last';
    const start = last ? shiftDaysCal(month.end_date, -6) : shiftDaysCal(month.start_date, 7 * (nth - 1));
    const end = last ? month.end_date : shiftDaysCal(start, 6);
    return { range: this.range(start, end, `${this.w(i)} week of ${month.label}`), len: y ? 5 : 4 };
  }

  /** H1 / H2 of a year (this year's, or last year's when it has not begun). */
  private half(h: number, i: number): Parsed {
    const y = this.year(i + 1);
    const t = this.todayDate();
    const begun = new TZDate(t.getFullYear(), (h - 1) * 6, 1, 'UTC') <= t;
    const year = y ?? (begun ? t.getFullYear() : t.getFullYear() - 1);
    const start = new TZDate(year, (h - 1) * 6, 1, 'UTC');
    return { range: this.range(start, addDays(addMonths(start, 6), -1), `H${h} ${year}`), len: y ? 2 : 1 };
  }

  private single(i: number): Parsed | null {
    const w = this.w(i);
    const t = this.todayDate();
    if (!w) return null;
    const day = (d: Date, label: string, len = 1): Parsed => ({
      range: this.range(d, d, label, { unit: 'day' }),
      len,
    });
    if (['today', 'tonight', 'now', 'currently'].includes(w)) return day(t, 'today');
    if (w === 'right' && this.w(i + 1) === 'now') return day(t, 'today', 2);
    if (w === 'yesterday') return day(addDays(t, -1), 'yesterday');
    if (w === 'day' && this.w(i + 1) === 'before' && this.w(i + 2) === 'yesterday')
      return day(addDays(t, -2), 'the day before yesterday', 3);
    if (w === 'tomorrow') return day(addDays(t, 1), 'tomorrow');
    if (['mtd', 'ytd', 'qtd', 'wtd'].includes(w)) {
      const u = ({ m: 'month', y: 'year', q: 'quarter', w: 'week' } as const)[w[0] as 'm'];
      return {
        range: this.range(wholeUnit(u, this.today, 0).start_date, t, `this ${u} to date`, {
          unit: u,
          toDate: true,
        }),
        len: 1,
      };
    }
    const wd = WEEKDAYS.indexOf(w);
    if (wd >= 0) {
      const back = (t.getDay() + 6 - wd) % 7 || (this.w(i - 1) === 'last' ? 7 : 0);
      return day(addDays(t, -back), WEEKDAYS[wd] as string);
    }
    const y = this.year(i);
    if (y !== null && this.month(i - 1) === null) {
      const r = wholeUnit('year', `${y}-01-01`, 0);
      const toDate = r.end_date > this.today && r.start_date <= this.today;
      return {
        range: { ...r, end_date: toDate ? this.today : r.end_date, label: String(y), toDate },
        len: 1,
      };
    }
    return null;
  }

  /** One time expression starting at token i, or null. */
  parseAt(i: number): Parsed | null {
    const w = this.w(i);
    if (w === 'between') return grow(this.span(i + 1, ['and', 'to', 'until', 'till', 'through']), 1);
    if (w === 'from') return grow(this.span(i + 1, ['to', 'until', 'till', 'through', 'and']), 1);
    if (w === 'since' || (w === 'after' && this.date(i + 1))) {
      const inner = this.date(i + 1)
        ? {
            start: (this.date(i + 1) as { date: string }).date,
            len: (this.date(i + 1) as { len: number }).len,
          }
        : this.startOf(i + 1);
      if (!inner) return null;
      return {
        range: this.range(inner.start, this.today, `since ${pretty(inner.start)}`),
        len: inner.len + 1,
      };
    }
    const spanned = this.span(i, ['to', 'until', 'till', 'through']);
    if (spanned) return spanned;
    const unit = UNIT_WORDS[w ?? ''];
    if (
      (unit === 'week' || unit === 'month' || unit === 'quarter' || unit === 'year') &&
      this.w(i + 1) === 'to' &&
      this.w(i + 2) === 'date'
    ) {
      const range = this.range(
        wholeUnit(unit, this.today, 0).start_date,
        this.today,
        `this ${unit} to date`,
        { unit, toDate: true },
      );
      return { range, len: 3 };
    }
    const week = this.weekOfMonth(i);
    if (week) return week;
    const rel = this.relativeUnit(i) ?? this.quarter(i) ?? this.single(i);
    if (rel) {
      // "this month so far", "this year to date"
      const after = this.w(i + rel.len);
      if (after === 'to' && this.w(i + rel.len + 1) === 'date') return { ...rel, len: rel.len + 2 };
      return rel;
    }
    const d = this.date(i);
    if (d) return { range: this.range(d.date, d.date, pretty(d.date), { unit: 'day' }), len: d.len };
    const m = this.month(i);
    if (m !== null) {
      let len = 1;
      let year = this.year(i + 1);
      if (year) len++;
      else if (['this', 'last'].includes(this.w(i + 1) ?? '') && this.w(i + 2) === 'year') {
        year = this.todayDate().getFullYear() - (this.w(i + 1) === 'last' ? 1 : 0);
        len += 2;
      }
      return { range: this.monthRange(m, year), len };
    }
    return null;
  }

  /** The first day of a period named after "since": "since october", "since last week", "since monday". */
  private startOf(i: number): { start: string; len: number } | null {
    // "since the start of the month", "since the beginning of this year"
    let k = i;
    if (this.w(k) === 'the') k++;
    if (['start', 'beginning'].includes(this.w(k) ?? '') && this.w(k + 1) === 'of') {
      k += 2;
      if (['the', 'this'].includes(this.w(k) ?? '')) k++;
      const u = UNIT_WORDS[this.w(k) ?? ''];
      if (u === 'week' || u === 'month' || u === 'quarter' || u === 'year')
        return { start: wholeUnit(u, this.today, 0).start_date, len: k - i + 1 };
    }
    const p = this.parseAt(i);
    return p ? { start: p.range.start_date, len: p.len } : null;
  }

  /** Every time expression among tokens [from, to), left to right; matched tokens (and their glue) are used. */
  parseAll(from = 0, to = this.tokens.length): TimeMatch[] {
    const out: TimeMatch[] = [];
    for (let i = from; i < to; i++) {
      if (this.tokens[i]?.used) continue;
      const p = this.parseAt(i);
      if (!p || i + p.len > to) continue;
      let start = i;
      while (start > from && TIME_GLUE.has(this.w(start - 1) ?? '') && !this.tokens[start - 1]?.used) start--;
      for (let k = start; k < i + p.len; k++) (this.tokens[k] as Token).used = true;
      out.push({ ...p.range, from: start, to: i + p.len });
      i += p.len - 1;
    }
    return out;
  }
}

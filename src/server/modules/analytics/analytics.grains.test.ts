import { describe, expect, it } from 'vitest';
import { Random } from '../../../cli/seed/random.js';
import { shiftDays } from '../../platform/time/periods.js';
import { mergeRuns, type Run, runsOf } from './analytics.grains.js';

const ORIGIN = '2024-11-20';

/** The days a run stands for (a monthly run: every day of its months), from ORIGIN when unbounded. */
function daysOf(r: Run): string[] {
  const out: string[] = [];
  for (
    let d = r.from ?? ORIGIN;
    d <= (r.monthly ? shiftDays(`${shiftDays(r.to, 31).slice(0, 7)}-01`, -1) : r.to);
    d = shiftDays(d, 1)
  )
    out.push(d);
  return out;
}

describe('splitting days into monthly and daily runs', () => {
  const r = new Random(42);
  const cases = Array.from({ length: 400 }, () => {
    const from = r.chance(0.15) ? null : shiftDays('2025-01-01', r.int(0, 500));
    const to = shiftDays(from ?? '2025-01-01', r.int(0, 400));
    return [from, to] as const;
  });

  it.each([
    [
      '2026-01-01',
      '2026-12-01',
      [
        [true, '2026-01-01', '2026-11-01'],
        [false, '2026-12-01', '2026-12-01'],
      ],
    ],
    ['2026-01-15', '2026-02-27', [[false, '2026-01-15', '2026-02-27']]],
    ['2024-02-01', '2024-02-29', [[true, '2024-02-01', '2024-02-01']]],
    [null, '2026-03-31', [[true, null, '2026-03-01']]],
  ] as const)('%s…%s', (from, to, expected) => {
    expect(runsOf(from, to, true).map((x) => [x.monthly, x.from, x.to])).toEqual(expected);
  });

  it('covers exactly the days of the range, each once, whole months only where they fit', () => {
    for (const [from, to] of cases) {
      const runs = runsOf(from, to, true);
      const days = runs.flatMap(daysOf);
      const expected = daysOf({ monthly: false, from: from ?? ORIGIN, to });
      expect(days, `${from}…${to}`).toEqual(expected);
      for (const x of runs.filter((y) => y.monthly)) expect(x.to.endsWith('-01')).toBe(true);
      expect(runsOf(from, to, false)).toEqual([{ monthly: false, from, to }]);
    }
  });

  it('merges runs into their union, table by table', () => {
    for (let i = 0; i + 2 < cases.length; i += 3) {
      const runs = cases.slice(i, i + 3).flatMap(([from, to]) => runsOf(from, to, true));
      const merged = mergeRuns(runs);
      for (const monthly of [true, false]) {
        const union = new Set(runs.filter((x) => x.monthly === monthly).flatMap(daysOf));
        const mine = merged.filter((x) => x.monthly === monthly).flatMap(daysOf);
        expect(mine.length).toBe(union.size);
        expect(new Set(mine)).toEqual(union);
      }
    }
  });
});

import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { METRIC_BY_NAME } from '../../analytics/analytics.catalog.js';
import { CASES, NL_TEST_DIRECTORY, NL_TEST_NOW, NL_TEST_ZONE, type NlCase } from './nl.cases.js';
import { HELD_OUT } from './nl.heldout.js';
import { type Interpretation, interpret } from './nl.interpret.js';

const run = (c: NlCase, now = NL_TEST_NOW) =>
  interpret(c.q, { directory: NL_TEST_DIRECTORY, timeZone: NL_TEST_ZONE, now, role: c.role ?? 'analyst' });

/** The parts of an interpretation a case states, in the case's own shape. */
function project(it: Interpretation, c: NlCase): NlCase {
  const status = it.status;
  if ((c.status ?? 'ok') !== 'ok' || status !== 'ok') return { q: c.q, status };
  const out: NlCase = {
    q: c.q,
    status,
    metric: it.metrics.length === 1 ? it.metrics[0] : it.metrics,
    period: [it.period.start_date, it.period.end_date],
  };
  if (c.domain) out.domain = it.domain ?? undefined;
  if (it.compare) out.compare = [it.compare.start_date, it.compare.end_date];
  const filters = Object.fromEntries(
    Object.entries(it.filters).map(([k, v]) => [k, typeof v === 'string' ? v : v.name]),
  );
  if (Object.keys(filters).length) out.filters = filters;
  if (it.group_by) out.group_by = it.group_by;
  if (it.template) out.template = it.template.name;
  return out;
}
const expected = (c: NlCase): NlCase => ({ ...c, status: c.status ?? 'ok', role: undefined });

describe('natural-language interpreter: tuning set', () => {
  it('has at least 80 questions, each naming catalog metrics', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    for (const c of [...CASES, ...HELD_OUT])
      for (const m of [c.metric ?? []].flat()) expect(METRIC_BY_NAME.has(m), m).toBe(true);
  });
  it.each(CASES.map((c) => [c.q, c] as const))('%s', (_q, c) => {
    const { role: _role, ...want } = expected(c);
    expect(project(run(c), c)).toEqual(want);
  });
});

describe('natural-language interpreter: time zone and clock', () => {
  it("resolves 'today' in the tenant's zone, not the server's", () => {
    // 20:00 UTC on the 18th is already 01:30 on the 19th in Kolkata.
    const late = new Date('2026-11-18T20:00:00Z');
    const it = run({ q: 'calls today' }, late);
    expect([it.period.start_date, it.period.end_date]).toEqual(['2026-11-19', '2026-11-19']);
    const ny = interpret('calls today', {
      directory: NL_TEST_DIRECTORY,
      timeZone: 'America/New_York',
      now: late,
      role: 'staff',
    });
    expect(ny.period.start_date).toBe('2026-11-18');
  });

  it('reports corrected typos and words it ignored', () => {
    const it = run({ q: 'cancelations yesterdy please frobnicate' });
    expect(it.corrections).toEqual(expect.arrayContaining([{ from: 'yesterdy', to: 'yesterday' }]));
    expect(it.not_understood).toEqual(['frobnicate']);
  });

  it.each([
    ['अगले महीने कितनी अपॉइंटमेंट?'],
    ['😀😀😀'],
    ['x'.repeat(500)],
    ['appointments with Dr. Who yesterday'],
  ])('answers %s as unclear, never a guess', (q) => {
    expect(run({ q }).status).toBe('unclear');
  });

  it('limits a period to two years', () => {
    const it = run({ q: 'appointments since 2020' });
    expect(it.period.start_date >= '2024-11-18').toBe(true);
    expect(it.notes.join(' ')).toMatch(/two years/);
  });
});

describe('natural-language interpreter: held-out set', () => {
  it('scores on questions it was never tuned on', () => {
    const misses = HELD_OUT.filter((c) => {
      const { role: _role, ...want } = expected(c);
      return !isDeepStrictEqual(JSON.parse(JSON.stringify(project(run(c), c))), want);
    });
    const score = HELD_OUT.length - misses.length;
    process.stdout.write(`held-out score: ${score}/${HELD_OUT.length}\n`);
    for (const m of misses)
      process.stdout.write(`  missed: ${m.q} → ${JSON.stringify(project(run(m), m))}\n`);
    expect(score).toBeGreaterThanOrEqual(12);
  });
});

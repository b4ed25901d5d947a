import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { seedDemo } from '../../../cli/seed/index.js';
import { rowsOf } from '../../platform/db/rows.js';
import { resolvePeriod } from '../../platform/time/periods.js';
import { issueApiKey } from '../api-keys/api-keys.service.js';
import { METRICS, SECTIONS } from './analytics.catalog.js';
import { computeSection } from './analytics.engine.js';
import { hasDirty } from './analytics.repository.js';
import { dashboardResponse, sectionResponse } from './analytics.schemas.js';

let t: TestContext;
let demo: { id: string; keys: Record<'admin' | 'staff' | 'analyst', string> };
let empty: TestTenant;

beforeAll(async () => {
  t = await createTestApp();
  const { tenants } = await seedDemo(t.database.db, {
    patients: 120,
    days: 50,
    practitioners: 3,
    perDay: 5,
    progress: false,
  });
  const id = (tenants[0] as { id: string }).id;
  const key = async (role: 'admin' | 'staff' | 'analyst') =>
    (await issueApiKey(t.database.db, id, { name: role, role }, null)).key;
  demo = {
    id,
    keys: { admin: await key('admin'), staff: await key('staff'), analyst: await key('analyst') },
  };
  empty = await createTenant(t.database);
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const get = (url: string, key = demo.keys.analyst) => t.app.inject({ url, headers: bearer(key) });

/** The background fold has caught up: no dirty marks left (polled, with a deadline). */
async function folded() {
  const deadline = Date.now() + 5000;
  while (await hasDirty(t.database.db)) {
    if (Date.now() > deadline) throw new Error('fold did not catch up within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The same answer computed straight from the base tables. */
async function fromBase(tenantId: string, section: (typeof SECTIONS)[number], query: Record<string, string>) {
  const period = resolvePeriod(
    { time_period: query.time_period as 'custom', start_date: query.start_date, end_date: query.end_date },
    'Asia/Kolkata',
  );
  const filters = query.practitioner_id ? { practitioner_id: query.practitioner_id } : {};
  return computeSection(t.database.db, 'base', section, {
    tenantId,
    period,
    aggregation: (query.aggregation ?? 'daily') as 'daily',
    filters,
    series: true,
    breakdowns: query.include_breakdown === 'true',
  });
}

describe('analytics API', () => {
  it('lists the metric catalog with a definition, unit and breakdowns for every metric', async () => {
    const res = await get('/api/v1/analytics/metrics');
    expect(res.statusCode).toBe(200);
    const data = res.json().data as {
      name: string;
      definition: string;
      unit: string;
      breakdowns: string[];
    }[];
    expect(data.map((m) => m.name)).toEqual(METRICS.map((m) => m.name));
    for (const m of data) expect(m.definition.length).toBeGreaterThan(20);
    expect(data.find((m) => m.name === 'appointment_no_show_rate')?.breakdowns).toContain('practitioner_id');
  });

  it('answers every section from the rollups exactly as the base tables do', async () => {
    const query = { time_period: 'last_30_days', aggregation: 'weekly', include_breakdown: 'true' };
    for (const [path, section] of [
      ['appointments', 'appointments'],
      ['journeys', 'journeys'],
      ['communication', 'communication'],
      ['voice-calls', 'voice_calls'],
    ] as const) {
      const res = await get(`/api/v1/analytics/${path}?${new URLSearchParams(query)}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.period).toMatchObject({ time_period: 'last_30_days', days: 30, time_zone: 'Asia/Kolkata' });
      expect(body.period.previous.end_date < body.period.start_date).toBe(true);
      const base = await fromBase(demo.id, section, query);
      expect(body.metrics).toEqual(base.metrics);
      expect(body.series).toEqual(base.series);
      expect(body.breakdowns).toEqual(base.breakdowns);
    }
  });

  it('gives a dashboard with every section, real figures, trends and labelled breakdowns', async () => {
    const res = await get('/api/v1/analytics/dashboard?time_period=last_30_days&include_breakdown=true');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    for (const s of SECTIONS) expect(Object.keys(body[s].metrics).length).toBeGreaterThan(3);
    expect(body.appointments.metrics.appointments_total.value).toBeGreaterThan(100);
    expect(body.appointments.metrics.appointments_total.previous).toBeGreaterThan(50);
    const { value, previous, change_pct } = body.appointments.metrics.appointments_total;
    expect(change_pct).toBe(Math.round(((value - previous) / previous) * 1000) / 10);
    expect(body.communication.metrics.messages_inbound.value).toBeGreaterThan(0);
    expect(body.voice_calls.metrics.calls_total.value).toBeGreaterThan(0);
    expect(body.appointments.series).toHaveLength(30);
    const practitioners = body.appointments.breakdowns.practitioner_id as { label: string }[];
    expect(practitioners).toHaveLength(3);
    for (const p of practitioners) expect(p.label).toMatch(/^Dr\. /);
    expect(body.journeys.breakdowns.stage.length).toBeGreaterThan(0);
  });

  it('sends exactly what the response schemas describe (answers are written without zod encoding)', async () => {
    for (const [url, schema] of [
      ['/api/v1/analytics/dashboard?time_period=this_year&include_breakdown=true', dashboardResponse],
      ['/api/v1/analytics/journeys?include_breakdown=true&aggregation=monthly', sectionResponse],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const dates = (p: { start: string; end: string }) => ({
        ...p,
        start: new Date(p.start),
        end: new Date(p.end),
      });
      const revived = { ...body, period: { ...dates(body.period), previous: dates(body.period.previous) } };
      // zod drops keys it does not know, so an extra or mistyped field fails here.
      expect(JSON.parse(JSON.stringify(schema.parse(revived)))).toEqual(body);
    }
  });

  it('names the asked period even when a cached answer covers the same days under another name', async () => {
    const named = (await get('/api/v1/analytics/dashboard?time_period=last_30_days')).json();
    const { start_date, end_date } = named.period;
    const custom = await get(
      `/api/v1/analytics/dashboard?time_period=custom&start_date=${start_date}&end_date=${end_date}`,
    );
    expect(custom.json().period.time_period).toBe('custom');
    expect(custom.json().appointments.metrics).toEqual(named.appointments.metrics);
  });

  it('applies filters to the metrics they concern, equal to the base tables', async () => {
    const [row] = await rowsOf<{ id: string }>(
      t.database.db,
      sql`select id::text from practitioners where tenant_id = ${demo.id} order by id limit 1`,
    );
    const query = { time_period: 'this_year', aggregation: 'monthly', practitioner_id: row?.id as string };
    const res = await get(`/api/v1/analytics/dashboard?${new URLSearchParams(query)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.appointments.filters_applied).toEqual(['practitioner_id']);
    expect(body.communication.filters_applied).toEqual([]);
    const all = (await get('/api/v1/analytics/appointments?time_period=this_year')).json();
    expect(body.appointments.metrics.appointments_total.value).toBeLessThan(
      all.metrics.appointments_total.value,
    );
    expect(body.appointments.metrics).toEqual((await fromBase(demo.id, 'appointments', query)).metrics);
  });

  it('answers zeros (and null rates) for an organisation with no data', async () => {
    const res = await get('/api/v1/analytics/dashboard?time_period=this_month', empty.keys.staff);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.appointments.metrics.appointments_total).toEqual({ value: 0, previous: 0, change_pct: null });
    expect(body.appointments.metrics.appointment_no_show_rate.value).toBeNull();
    expect(body.communication.metrics.response_time_median.value).toBeNull();
    expect(body.voice_calls.metrics.calls_total.value).toBe(0);
    expect(body.journeys.metrics.journeys_active.value).toBe(0);
  });

  it('lets every role read, and nobody unauthenticated', async () => {
    for (const role of ['admin', 'staff', 'analyst'] as const)
      expect((await get('/api/v1/analytics/voice-calls', demo.keys[role])).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/analytics/dashboard' })).statusCode).toBe(401);
  });

  it('accepts its own tenant_id and answers 404 for any other', async () => {
    expect((await get(`/api/v1/analytics/journeys?tenant_id=${demo.id}`)).statusCode).toBe(200);
    const other = await get(`/api/v1/analytics/journeys?tenant_id=${empty.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toContain('application/problem+json');
    const stream = await get(`/api/v1/analytics/realtime?tenant_id=${empty.id}`);
    expect(stream.statusCode).toBe(404);
  });

  it.each([
    ['time_period=custom', 'querystring.start_date'],
    ['time_period=custom&start_date=2026-03-01', 'querystring.end_date'],
    ['time_period=custom&start_date=2026-03-02&end_date=2026-03-01', 'querystring.end_date'],
    ['time_period=custom&start_date=2024-01-01&end_date=2026-01-01', 'querystring.end_date'],
    ['time_period=custom&start_date=2026-02-30&end_date=2026-03-01', 'querystring.start_date'],
    ['time_period=today&start_date=2026-03-01', 'querystring.start_date'],
    ['time_period=fortnight', 'querystring.time_period'],
    ['aggregation=hourly', 'querystring.aggregation'],
    ['practitioner_id=not-a-uuid', 'querystring.practitioner_id'],
    ['channel=pigeon', 'querystring.channel'],
    ['include_breakdown=yes', 'querystring.include_breakdown'],
    [`start_date=${'9'.repeat(5000)}`.slice(0, 5000), 'querystring.start_date'],
    ['tenant=x', 'querystring.tenant'],
  ])('refuses bad query #%# with a 400 naming the field', async (qs, field) => {
    const res = await get(`/api/v1/analytics/dashboard?${qs}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('accepts a custom range of just under two years', async () => {
    const res = await get(
      '/api/v1/analytics/appointments?time_period=custom&start_date=2024-01-01&end_date=2025-12-31&aggregation=monthly',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().period).toMatchObject({ start_date: '2024-01-01', end_date: '2025-12-31', days: 731 });
    expect(res.json().period.previous).toMatchObject({ start_date: '2021-12-31', end_date: '2023-12-31' });
    expect(res.json().series).toHaveLength(24);
  });

  it('keeps the rollups current whoever writes: the API, or plain SQL', async () => {
    const before = (await get('/api/v1/analytics/appointments?time_period=last_90_days')).json().metrics;
    const [appt] = await rowsOf<{ id: string }>(
      t.database.db,
      sql`select id::text from appointments where tenant_id = ${demo.id} and status = 'completed'
        and starts_at > now() - interval '60 days' limit 1`,
    );
    await t.database.db.execute(sql`update appointments set status = 'no_show' where id = ${appt?.id}`);
    await folded();
    const after = (await get('/api/v1/analytics/appointments?time_period=last_90_days')).json().metrics;
    expect(after.appointments_no_show.value).toBe(before.appointments_no_show.value + 1);
    expect(after.appointments_completed.value).toBe(before.appointments_completed.value - 1);

    const calls = (await get('/api/v1/analytics/voice-calls?time_period=today')).json().metrics;
    await t.database.db.execute(
      sql`insert into voice_calls (id, tenant_id, external_call_id, direction, started_at, end_reason, duration_seconds)
        values (gen_random_uuid(), ${demo.id}, 'probe-1', 'inbound', now(), 'completed', 90)`,
    );
    await folded();
    const now = (await get('/api/v1/analytics/voice-calls?time_period=today')).json().metrics;
    expect(now.calls_total.value).toBe(calls.calls_total.value + 1);
    expect(now.calls_answered.value).toBe(calls.calls_answered.value + 1);
  });

  it('rebuilds every day when the organisation changes its time zone', async () => {
    const q = '/api/v1/analytics/appointments?time_period=last_30_days&aggregation=daily';
    const kolkata = (await get(q)).json();
    const changed = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization',
      headers: bearer(demo.keys.admin),
      payload: { time_zone: 'America/New_York' },
    });
    expect(changed.statusCode).toBe(200);
    await folded();
    const ny = (await get(q)).json();
    expect(ny.period.time_zone).toBe('America/New_York');
    const period = resolvePeriod({ time_period: 'last_30_days' }, 'America/New_York');
    const base = await computeSection(t.database.db, 'base', 'appointments', {
      tenantId: demo.id,
      period,
      aggregation: 'daily',
      filters: {},
      series: true,
      breakdowns: false,
    });
    expect(ny.series).toEqual(base.series);
    expect(ny.series).not.toEqual(kolkata.series);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization',
      headers: bearer(demo.keys.admin),
      payload: { time_zone: 'Asia/Kolkata' },
    });
    await folded();
  });
});

describe('analytics documentation', () => {
  it('publishes every analytics endpoint with its parameters in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json();
    for (const path of [
      'metrics',
      'appointments',
      'journeys',
      'communication',
      'voice-calls',
      'dashboard',
      'realtime',
    ])
      expect(Object.keys(doc.paths)).toContain(`/api/v1/analytics/${path}`);
    const params = doc.paths['/api/v1/analytics/dashboard'].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    expect(params).toEqual(
      expect.arrayContaining([
        'time_period',
        'start_date',
        'end_date',
        'aggregation',
        'include_breakdown',
        'channel',
      ]),
    );
  });

  it('README documents every metric of the catalog with its definition', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Analytics'), readme.indexOf('## Dashboard'));
    for (const m of METRICS)
      expect(section, m.name).toContain(`| \`${m.name}\` | ${m.unit} | ${m.definition} |`);
  });
});

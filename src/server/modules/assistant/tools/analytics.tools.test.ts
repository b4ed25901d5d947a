import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestContext } from '../../../../../test/helpers/app.js';
import { seedDemo } from '../../../../cli/seed/index.js';
import { localDay, shiftDays } from '../../../platform/time/periods.js';
import { hasDirty } from '../../analytics/analytics.repository.js';
import { issueApiKey } from '../../api-keys/api-keys.service.js';

let t: TestContext;
let key: string;
let staffKey: string;
let practitionerId: string;
let practitionerName: string;

beforeAll(async () => {
  t = await createTestApp();
  const { tenants } = await seedDemo(t.database.db, {
    patients: 80,
    days: 40,
    practitioners: 3,
    perDay: 4,
    progress: false,
  });
  const tenantId = (tenants[0] as { id: string }).id;
  key = (await issueApiKey(t.database.db, tenantId, { name: 'analyst', role: 'analyst' }, null)).key;
  staffKey = (await issueApiKey(t.database.db, tenantId, { name: 'staff', role: 'staff' }, null)).key;
  const res = await t.app.inject({ url: '/api/v1/practitioners?limit=1', headers: bearer(key) });
  practitionerId = res.json().data[0].id;
  practitionerName = res.json().data[0].name;
  // The rollups the endpoints read are folded in the background: wait until they have caught up.
  const deadline = Date.now() + 10_000;
  while (await hasDirty(t.database.db)) {
    if (Date.now() > deadline) throw new Error('analytics fold did not catch up');
    await new Promise((r) => setTimeout(r, 20));
  }
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const run = (name: string, args: unknown, as = key) =>
  t.app.inject({ method: 'POST', url: '/api/v1/agents/run', headers: bearer(as), payload: { name, args } });
const ask = async (question: string, as = key) => {
  const res = await run('query_analytics_nl', { question }, as);
  expect(res.statusCode).toBe(200);
  return res.json().result;
};
/** What the section endpoint answers for the arguments the interpreter resolved. */
const endpointFor = async (tool: { name: string; arguments: Record<string, unknown> }) => {
  const path = tool.name
    .replace(/^get_|_analytics$/g, '')
    .replace('appointment', 'appointments')
    .replace('journey', 'journeys')
    .replace('voice_call', 'voice-calls');
  const query = new URLSearchParams(Object.entries(tool.arguments).map(([k, v]) => [k, String(v)]));
  const res = await t.app.inject({ url: `/api/v1/analytics/${path}?${query}`, headers: bearer(key) });
  expect(res.statusCode).toBe(200);
  return res.json();
};

const today = () => localDay(new Date(), 'Asia/Kolkata');

const CASES: [string, string, Record<string, unknown>][] = [
  ['get_appointment_analytics', 'appointments', {}],
  ['get_appointment_analytics', 'appointments', { time_period: 'last_7_days', include_breakdown: true }],
  ['get_journey_analytics', 'journeys', { time_period: 'this_month', aggregation: 'weekly' }],
  ['get_communication_analytics', 'communication', { time_period: 'last_30_days', channel: 'whatsapp' }],
  ['get_voice_call_analytics', 'voice-calls', { time_period: 'last_90_days', include_breakdown: true }],
  ['get_dashboard_overview', 'dashboard', { time_period: 'yesterday' }],
];

describe('analytics tools', () => {
  it.each(CASES)('%s answers exactly what GET /analytics/%s answers for %j', async (name, path, args) => {
    const query = new URLSearchParams(Object.entries(args).map(([k, v]) => [k, String(v)]));
    const endpoint = await t.app.inject({ url: `/api/v1/analytics/${path}?${query}`, headers: bearer(key) });
    expect(endpoint.statusCode).toBe(200);
    const tool = await run(name, args);
    expect(tool.statusCode).toBe(200);
    expect(tool.json().result).toEqual(endpoint.json());
  });

  it('answers a practitioner filter and a custom range like the endpoint', async () => {
    const args = {
      time_period: 'custom',
      start_date: shiftDays(today(), -20),
      end_date: today(),
      practitioner_id: practitionerId,
      include_breakdown: true,
    };
    const endpoint = await t.app.inject({
      url: `/api/v1/analytics/appointments?${new URLSearchParams(Object.entries(args).map(([k, v]) => [k, String(v)]))}`,
      headers: bearer(key),
    });
    const tool = (await run('get_appointment_analytics', args)).json().result;
    expect(tool).toEqual(endpoint.json());
    expect(tool.filters_applied).toEqual(['practitioner_id']);
    expect(tool.metrics.appointments_total.value).toBeGreaterThan(0);
  });

  it.each([
    [{ time_period: 'custom' }, 'args.start_date'],
    [{ time_period: 'custom', start_date: '2026-03-10', end_date: '2026-03-01' }, 'args.end_date'],
    [{ time_period: 'last_7_days', start_date: '2026-03-01' }, 'args.start_date'],
    [{ time_period: 'fortnight' }, 'args.time_period'],
    [{ include_breakdown: 'yes' }, 'args.include_breakdown'],
    [{ tenant_id: '00000000-0000-4000-8000-000000000000' }, 'args'],
  ])('rejects %j naming %s, as the endpoint does', async (args, field) => {
    const res = await run('get_appointment_analytics', args);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('describes each metric of its section to the model', async () => {
    const res = await t.app.inject({ url: '/api/v1/agents/tools', headers: bearer(key) });
    const tools = res.json().data as { name: string; description: string }[];
    const voice = tools.find((x) => x.name === 'get_voice_call_analytics');
    expect(voice?.description).toMatch(/call_booking_conversion/);
    expect(tools.map((x) => x.name)).not.toContain('list_recent_calls');
  });
});

describe('query_analytics_nl', () => {
  it("answers with the structured query, the endpoint's own figures and one sentence", async () => {
    const r = await ask('What was the no-show rate last month?');
    expect(r.status).toBe('ok');
    expect(r.interpretation).toMatchObject({ domain: 'appointments', metrics: ['appointment_no_show_rate'] });
    expect(r.interpretation.tool.name).toBe('get_appointment_analytics');
    const endpoint = await endpointFor(r.interpretation.tool);
    expect(r.figures.metrics.appointment_no_show_rate.value).toBe(
      endpoint.metrics.appointment_no_show_rate.value,
    );
    expect(r.figures.metrics.appointment_no_show_rate.previous).toBe(
      endpoint.metrics.appointment_no_show_rate.previous,
    );
    const pct = `${(endpoint.metrics.appointment_no_show_rate.value * 100).toFixed(1)}%`;
    expect(r.answer).toContain(pct);
    expect(r.answer.split(/\.\s/).length).toBe(1);
  });

  it("resolves the tenant's own practitioner by name and groups like the breakdown", async () => {
    const surname = practitionerName.split(' ').at(-1) as string;
    const r = await ask(`appointments for Dr ${surname} this month`);
    expect(r.interpretation.filters.practitioner_id.id).toBe(practitionerId);
    expect(r.interpretation.tool.arguments.practitioner_id).toBe(practitionerId);
    const endpoint = await endpointFor(r.interpretation.tool);
    expect(r.figures.metrics.appointments_total.value).toBe(endpoint.metrics.appointments_total.value);

    const g = await ask('cancellations by department in the last 30 days');
    const rows = (await endpointFor(g.interpretation.tool)).breakdowns.department_id as {
      key: string;
      values: Record<string, number>;
    }[];
    expect(g.figures.groups.map((x: { key: string }) => x.key).sort()).toEqual(rows.map((x) => x.key).sort());
    const top = [...rows].sort(
      (a, b) => (b.values.appointments_cancelled ?? 0) - (a.values.appointments_cancelled ?? 0),
    )[0];
    expect(g.figures.groups[0].values.appointments_cancelled).toBe(top?.values.appointments_cancelled);
  });

  it('compares with the period asked for, figures from the endpoint for that period', async () => {
    const r = await ask('calls this month compared to last month');
    expect(r.interpretation.compare).toBeTruthy();
    const other = await endpointFor({
      name: 'get_voice_call_analytics',
      arguments: {
        ...r.interpretation.tool.arguments,
        start_date: r.interpretation.compare.start_date,
        end_date: r.interpretation.compare.end_date,
      },
    });
    expect(r.figures.compare.calls_total).toBe(other.metrics.calls_total.value);
  });

  it('gives a series per day when asked', async () => {
    const r = await ask('messages per day last week');
    expect(r.interpretation.group_by).toBe('day');
    expect(r.figures.series).toHaveLength(7);
    expect(r.figures.series).toEqual((await endpointFor(r.interpretation.tool)).series);
  });

  it('says what it did not understand and suggests questions', async () => {
    const r = await ask('tell me the weather in Mumbai');
    expect(r.status).toBe('unclear');
    expect(r.answer).toMatch(/did not understand "weather mumbai"/);
    expect(r.suggestions.length).toBeGreaterThan(0);
    expect(r.figures).toBeUndefined();
  });

  it('refuses questions about one patient for analysts, and points staff to the patient tools', async () => {
    const refused = await ask('what did Kavya Rao book last week?');
    expect(refused.status).toBe('refused');
    expect(refused.patients).toBeUndefined();
    const staff = await ask('what did Kavya Rao book last week?', staffKey);
    expect(staff.status).toBe('patient');
    expect(staff.answer).toMatch(/get_patient_summary|search_patients/);
  });
});

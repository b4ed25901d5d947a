import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestContext } from '../../../../../test/helpers/app.js';
import { seedDemo } from '../../../../cli/seed/index.js';
import { localDay, shiftDays } from '../../../platform/time/periods.js';
import { hasDirty } from '../../analytics/analytics.repository.js';
import { issueApiKey } from '../../api-keys/api-keys.service.js';

let t: TestContext;
let key: string;
let practitionerId: string;

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
  const res = await t.app.inject({ url: '/api/v1/practitioners?limit=1', headers: bearer(key) });
  practitionerId = res.json().data[0].id;
  // The rollups the endpoints read are folded in the background: wait until they have caught up.
  const deadline = Date.now() + 10_000;
  while (await hasDirty(t.database.db)) {
    if (Date.now() > deadline) throw new Error('analytics fold did not catch up');
    await new Promise((r) => setTimeout(r, 20));
  }
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const run = (name: string, args: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/agents/run', headers: bearer(key), payload: { name, args } });

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

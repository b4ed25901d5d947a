import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messageMedia, messages } from '../src/server/platform/db/schema/index.js';
import { bearer, createTenant, createTestApp, type TestContext, type TestTenant } from './helpers/app.js';
import { apiAs, type Fixtures, makeFixtures, nextPhone } from './helpers/fixtures.js';
import { eventually } from './helpers/poll.js';
import { createChannel, inboundParams, postSigned } from './helpers/twilio.js';
import { callEvents, configureVoice, newSecret, postEvent } from './helpers/voice.js';

/**
 * Every route that names an id, called with tenant A's admin credentials and tenant B's ids, must answer
 * 404 and change nothing. A route without a case here fails the suite, so new routes cannot skip the check.
 */
type Extras = {
  call: { id: string };
  voiceSecret: { id: string };
  channel: { id: string };
  conversation: { id: string; patient_id: string };
  media: { id: string };
};
type Case = (b: Fixtures & Extras) => { url: string; payload?: unknown };

const CASES: Record<string, Case> = {
  'GET /api/v1/users/:id': (b) => ({ url: `/api/v1/users/${b.user.id}` }),
  'PATCH /api/v1/users/:id': (b) => ({ url: `/api/v1/users/${b.user.id}`, payload: { name: 'x' } }),
  'DELETE /api/v1/api-keys/:id': (b) => ({ url: `/api/v1/api-keys/${b.apiKey.id}` }),
  'GET /api/v1/departments/:id': (b) => ({ url: `/api/v1/departments/${b.department.id}` }),
  'PATCH /api/v1/departments/:id': (b) => ({
    url: `/api/v1/departments/${b.department.id}`,
    payload: { name: 'x' },
  }),
  'DELETE /api/v1/departments/:id': (b) => ({ url: `/api/v1/departments/${b.department.id}` }),
  'GET /api/v1/locations/:id': (b) => ({ url: `/api/v1/locations/${b.location.id}` }),
  'PATCH /api/v1/locations/:id': (b) => ({
    url: `/api/v1/locations/${b.location.id}`,
    payload: { name: 'x' },
  }),
  'DELETE /api/v1/locations/:id': (b) => ({ url: `/api/v1/locations/${b.location.id}` }),
  'GET /api/v1/practitioners/:id': (b) => ({ url: `/api/v1/practitioners/${b.practitioner.id}` }),
  'PATCH /api/v1/practitioners/:id': (b) => ({
    url: `/api/v1/practitioners/${b.practitioner.id}`,
    payload: { name: 'x' },
  }),
  'DELETE /api/v1/practitioners/:id': (b) => ({ url: `/api/v1/practitioners/${b.practitioner.id}` }),
  'GET /api/v1/patients/:id': (b) => ({ url: `/api/v1/patients/${b.patient.id}` }),
  'PATCH /api/v1/patients/:id': (b) => ({
    url: `/api/v1/patients/${b.patient.id}`,
    payload: { full_name: 'x' },
  }),
  'POST /api/v1/patients/:id/merge': (b) => ({
    url: `/api/v1/patients/${b.patient.id}`.concat('/merge'),
    payload: { duplicate_id: b.other.id },
  }),
  'GET /api/v1/appointments/:id': (b) => ({ url: `/api/v1/appointments/${b.appointment.id}` }),
  'PATCH /api/v1/appointments/:id': (b) => ({
    url: `/api/v1/appointments/${b.appointment.id}`,
    payload: { duration_minutes: 30 },
  }),
  'POST /api/v1/appointments/:id/status': (b) => ({
    url: `/api/v1/appointments/${b.appointment.id}/status`,
    payload: { status: 'cancelled' },
  }),
  'GET /api/v1/journey-templates/:id': (b) => ({ url: `/api/v1/journey-templates/${b.template.id}` }),
  'PATCH /api/v1/journey-templates/:id': (b) => ({
    url: `/api/v1/journey-templates/${b.template.id}`,
    payload: { name: 'x' },
  }),
  'GET /api/v1/journeys/:id': (b) => ({ url: `/api/v1/journeys/${b.journey.id}` }),
  'POST /api/v1/journeys/:id/advance': (b) => ({ url: `/api/v1/journeys/${b.journey.id}/advance` }),
  'POST /api/v1/journeys/:id/stages/:position/complete': (b) => ({
    url: `/api/v1/journeys/${b.journey.id}/stages/1/complete`,
  }),
  'POST /api/v1/journeys/:id/stages/:position/cancel': (b) => ({
    url: `/api/v1/journeys/${b.journey.id}/stages/1/cancel`,
  }),
  'POST /api/v1/journeys/:id/cancel': (b) => ({
    url: `/api/v1/journeys/${b.journey.id}/cancel`,
    payload: {},
  }),
  'GET /api/v1/voice/calls/:id': (b) => ({ url: `/api/v1/voice/calls/${b.call.id}` }),
  'DELETE /api/v1/voice/channel/secrets/:id': (b) => ({
    url: `/api/v1/voice/channel/secrets/${b.voiceSecret.id}`,
  }),
  'GET /api/v1/whatsapp/channels/:id': (b) => ({ url: `/api/v1/whatsapp/channels/${b.channel.id}` }),
  'PATCH /api/v1/whatsapp/channels/:id': (b) => ({
    url: `/api/v1/whatsapp/channels/${b.channel.id}`,
    payload: { name: 'x' },
  }),
  'DELETE /api/v1/whatsapp/channels/:id': (b) => ({ url: `/api/v1/whatsapp/channels/${b.channel.id}` }),
  'GET /api/v1/whatsapp/media/:id': (b) => ({ url: `/api/v1/whatsapp/media/${b.media.id}` }),
  'GET /api/v1/conversations/:id': (b) => ({ url: `/api/v1/conversations/${b.conversation.id}` }),
  'GET /api/v1/conversations/:id/messages': (b) => ({
    url: `/api/v1/conversations/${b.conversation.id}/messages`,
  }),
  'POST /api/v1/conversations/:id/assign': (b) => ({
    url: `/api/v1/conversations/${b.conversation.id}/assign`,
    payload: { assignee_id: null },
  }),
  'POST /api/v1/conversations/:id/close': (b) => ({
    url: `/api/v1/conversations/${b.conversation.id}/close`,
  }),
  'POST /api/v1/conversations/:id/reopen': (b) => ({
    url: `/api/v1/conversations/${b.conversation.id}/reopen`,
  }),
  'POST /api/v1/conversations/:id/read': (b) => ({ url: `/api/v1/conversations/${b.conversation.id}/read` }),
  'GET /api/v1/reports/:id': () => ({ url: `/api/v1/reports/${bReports.report}` }),
  'GET /api/v1/reports/:id/download': () => ({ url: `/api/v1/reports/${bReports.report}/download` }),
  'GET /api/v1/reports/schedules/:id': () => ({ url: `/api/v1/reports/schedules/${bReports.schedule}` }),
  'PATCH /api/v1/reports/schedules/:id': () => ({
    url: `/api/v1/reports/schedules/${bReports.schedule}`,
    payload: { name: 'x' },
  }),
  'DELETE /api/v1/reports/schedules/:id': () => ({ url: `/api/v1/reports/schedules/${bReports.schedule}` }),
};

/** Tenant B's report and schedule, made through the API in beforeAll. */
let bReports: { report: string; schedule: string };

/** Records that only arrive through channels (webhooks), made the way production makes them. */
async function makeChannelRecords(tenant: TestTenant, phone: string): Promise<Extras> {
  const secret = newSecret();
  await configureVoice(t.app, tenant, { secrets: [secret] });
  const { started } = callEvents({ caller: phone });
  const res = await postEvent(t.app, started, { secret });
  if (res.statusCode !== 200) throw new Error(`voice webhook answered ${res.statusCode}`);
  const api = apiAs(t.app, tenant.keys.admin);
  const calls = await api<{ data: { id: string }[] }>('GET', '/api/v1/voice/calls');
  const channel = await api<{ secrets: { id: string }[] }>('GET', '/api/v1/voice/channel');
  const wa = await createChannel(t, tenant);
  const inbound = await postSigned(t, wa, 'webhook', inboundParams(wa, phone));
  if (inbound.statusCode !== 200) throw new Error(`whatsapp webhook answered ${inbound.statusCode}`);
  const conversation = await eventually(async () => {
    const page = await api<{ data: Extras['conversation'][] }>('GET', '/api/v1/conversations');
    return page.data[0];
  });
  const [message] = await t.database.db
    .select()
    .from(messages)
    .where(eq(messages.tenant_id, tenant.id))
    .limit(1);
  const [media] = await t.database.db
    .insert(messageMedia)
    .values({
      tenant_id: tenant.id,
      message_id: message?.id as string,
      position: 0,
      content_type: 'image/jpeg',
      source_url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
      status: 'stored',
      size_bytes: 3,
      data: Buffer.from('abc'),
    })
    .returning();
  return {
    call: calls.data[0] as { id: string },
    voiceSecret: channel.secrets[0] as { id: string },
    channel: { id: wa.id },
    conversation,
    media: media as { id: string },
  };
}

/** Bodies for list endpoints whose queries need a reference id; others are called bare. */
const LIST_QUERIES: Record<string, (b: Fixtures & Extras) => string> = {
  'GET /api/v1/appointments': (b) => `?practitioner_id=${b.practitioner.id}`,
  'GET /api/v1/journeys': (b) => `?patient_id=${b.patient.id}`,
  // The patient who has a conversation in B, so a filter that ignored the tenant would leak it.
  'GET /api/v1/conversations': (b) => `?patient_id=${b.conversation.patient_id}`,
};

const STREAMS = ['/api/v1/analytics/realtime'];

let t: TestContext;
let a: TestTenant;
let b: TestTenant;
let bData: Fixtures & Extras;

/** Every row of every tenant-owned table (any table with a tenant_id column, so new tables are covered). */
async function snapshot(tenantId: string) {
  const tables = await t.database.db.execute(
    sql`select table_name from information_schema.columns where column_name = 'tenant_id' and table_schema = 'public' order by 1`,
  );
  const names = (tables as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
  // audit_log grows on every (refused) read by design; what must not change is the tenant's data.
  const out: Record<string, unknown> = {};
  for (const table of names.filter((n) => n !== 'audit_log')) {
    const res = await t.database.db.execute(
      sql`select * from ${sql.identifier(table)} as r where r.tenant_id = ${tenantId} order by to_jsonb(r)::text`,
    );
    out[table] = (res as unknown as { rows: unknown[] }).rows;
  }
  return JSON.stringify(out);
}

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.database, 'Tenant A');
  b = await createTenant(t.database, 'Tenant B');
  await makeFixtures(t.app, a);
  await makeChannelRecords(a, nextPhone());
  const fixtures = await makeFixtures(t.app, b);
  bData = { ...fixtures, ...(await makeChannelRecords(b, nextPhone())) };
  const report = await t.app.inject({
    method: 'POST',
    url: '/api/v1/reports/generate',
    headers: bearer(b.keys.admin),
    payload: { report_type: 'appointments', format: 'csv', include_rows: true },
  });
  const schedule = await t.app.inject({
    method: 'POST',
    url: '/api/v1/reports/schedules',
    headers: bearer(b.keys.admin),
    payload: {
      name: 'B weekly',
      request: { report_type: 'dashboard', format: 'pdf' },
      frequency: 'daily',
      time_of_day: '07:00',
      recipients: ['b@clinic.test'],
    },
  });
  bReports = { report: report.headers['x-report-id'] as string, schedule: schedule.json().id };
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const idRoutes = () =>
  t.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.url.includes('/:') && r.auth !== 'public');

describe('tenant isolation', () => {
  it('has a case for every route that takes an id', () => {
    const missing = idRoutes()
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => !CASES[k]);
    expect(missing).toEqual([]);
  });

  it("answers 404 for another tenant's ids on every route and changes nothing", async () => {
    const before = await snapshot(b.id);
    const results: Record<string, number> = {};
    for (const r of idRoutes()) {
      const key = `${r.method} ${r.url}`;
      const c = (CASES[key] as Case)(bData);
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: c.url,
        headers: bearer(a.keys.admin),
        ...(c.payload === undefined ? {} : { payload: c.payload as object }),
      });
      results[key] = res.statusCode;
    }
    expect(Object.entries(results).filter(([, status]) => status !== 404)).toEqual([]);
    expect(await snapshot(b.id)).toBe(before);
  });

  it("never lists another tenant's rows", async () => {
    const bIds = Object.values(bData)
      .filter((v): v is { id: string } => typeof v === 'object' && v !== null && 'id' in v)
      .map((v) => v.id)
      .concat(bReports.report, bReports.schedule);
    const lists = t.app.routeTable.filter(
      (r) =>
        r.method === 'GET' &&
        r.url.startsWith('/api/') &&
        !r.url.includes('/:') &&
        r.auth !== 'public' &&
        // A live stream never ends; its tenant scoping has its own test (analytics.realtime.test.ts).
        !STREAMS.includes(r.url),
    );
    expect(lists.length).toBeGreaterThan(5);
    for (const r of lists) {
      const key = `${r.method} ${r.url}`;
      const res = await t.app.inject({
        url: r.url + (LIST_QUERIES[key]?.(bData) ?? ''),
        headers: bearer(a.keys.admin),
      });
      expect(res.statusCode, key).toBeLessThan(500);
      for (const id of bIds) expect(res.body.includes(id), `${key} leaked ${id}`).toBe(false);
    }
  });

  it("refuses to book with another tenant's patient or practitioner", async () => {
    const mine = await makeFixturesLite();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: bearer(a.keys.staff),
      payload: {
        patient_id: bData.patient.id,
        practitioner_id: mine,
        starts_at: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(res.statusCode).toBe(404);
  });
});

async function makeFixturesLite() {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/practitioners',
    headers: bearer(a.keys.staff),
    payload: { name: 'Dr. Own' },
  });
  return res.json().id as string;
}

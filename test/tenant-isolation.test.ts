import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTenant, createTestApp, type TestContext, type TestTenant } from './helpers/app.js';
import { type Fixtures, makeFixtures } from './helpers/fixtures.js';

/**
 * Every route that names an id, called with tenant A's admin credentials and tenant B's ids, must answer
 * 404 and change nothing. A route without a case here fails the suite, so new routes cannot skip the check.
 */
type Case = (b: Fixtures) => { url: string; payload?: unknown };

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

/** Bodies for list endpoints whose queries need a reference id; others are called bare. */
const LIST_QUERIES: Record<string, (b: Fixtures) => string> = {
  'GET /api/v1/appointments': (b) => `?practitioner_id=${b.practitioner.id}`,
  'GET /api/v1/journeys': (b) => `?patient_id=${b.patient.id}`,
};

let t: TestContext;
let a: TestTenant;
let b: TestTenant;
let bData: Fixtures;

const TENANT_TABLES = [
  'users',
  'api_keys',
  'departments',
  'locations',
  'practitioners',
  'patients',
  'appointments',
  'journey_templates',
  'journey_template_stages',
  'patient_journeys',
  'patient_journey_stages',
  'conversations',
  'messages',
  'voice_calls',
  'voice_transcript_segments',
  'reports',
  'report_schedules',
];

async function snapshot(tenantId: string) {
  const out: Record<string, unknown> = {};
  for (const table of TENANT_TABLES) {
    const res = await t.database.db.execute(
      sql`select * from ${sql.identifier(table)} where tenant_id = ${tenantId} order by id`,
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
  bData = await makeFixtures(t.app, b);
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
        // An event stream never ends, so inject would wait; analytics.realtime.test checks its tenant scope.
        r.url !== '/api/v1/analytics/realtime',
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

import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { type Fixtures, makeFixtures } from '../../../../test/helpers/fixtures.js';
import { auditLog, voiceCalls } from '../../platform/db/schema/index.js';

let t: TestContext;
let clinic: TestTenant;
let other: TestTenant;
let f: Fixtures;
let otherData: Fixtures;

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  other = await createTenant(t.database);
  f = await makeFixtures(t.app, clinic);
  otherData = await makeFixtures(t.app, other);
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const run = (key: string, payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/agents/run',
    headers: bearer(key),
    payload: payload as object,
  });

const toolAudits = (tenantId: string) =>
  t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenant_id, tenantId), eq(auditLog.action, 'tool_call')));

describe('GET /api/v1/agents/tools', () => {
  it('lists each tool with a description and the JSON Schema of its input', async () => {
    const res = await t.app.inject({ url: '/api/v1/agents/tools', headers: bearer(clinic.keys.staff) });
    expect(res.statusCode).toBe(200);
    const tools = res.json().data as { name: string; description: string; input_schema: unknown }[];
    const search = tools.find((x) => x.name === 'search_patients');
    expect(search?.description).toMatch(/phone/);
    expect(search?.input_schema).toMatchObject({
      type: 'object',
      properties: { query: { type: 'string', maxLength: 100 }, limit: { type: 'integer', maximum: 50 } },
      required: ['query'],
      additionalProperties: false,
    });
    expect(tools.map((x) => x.name)).toEqual(
      expect.arrayContaining(['search_patients', 'get_patient_summary', 'list_upcoming_appointments']),
    );
  });

  it('offers analysts no patient tools', async () => {
    const res = await t.app.inject({ url: '/api/v1/agents/tools', headers: bearer(clinic.keys.analyst) });
    const names = (res.json().data as { name: string }[]).map((x) => x.name);
    expect(names).not.toContain('search_patients');
    expect(names).not.toContain('get_patient_summary');
  });

  it('needs a signed-in caller', async () => {
    expect((await t.app.inject({ url: '/api/v1/agents/tools' })).statusCode).toBe(401);
  });
});

describe('POST /api/v1/agents/run', () => {
  it('runs a tool as the caller and audits it as the assistant acting for them', async () => {
    const res = await run(clinic.keys.staff, { name: 'search_patients', args: { query: 'kavya' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.name).toBe('search_patients');
    expect(body.result.data.map((p: { id: string }) => p.id).sort()).toEqual(
      [f.patient.id, f.other.id].sort(),
    );

    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenant_id, clinic.id), eq(auditLog.action, 'search')));
    expect(rows.length).toBe(2);
    for (const r of rows) {
      expect(r.actor_type).toBe('assistant');
      expect(r.reason).toMatch(/^assistant acting for api_key [0-9a-f-]{36}$/);
    }
    const calls = await toolAudits(clinic.id);
    expect(calls.at(-1)?.reason).toMatch(/^assistant acting for api_key [0-9a-f-]{36}: search_patients ok$/);
  });

  it('names the signed-in user in the audit trail when a session calls', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: clinic.users.staff.email, password: clinic.users.staff.password },
    });
    const cookie = login.cookies.find((c) => c.name === 'prm_session');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agents/run',
      cookies: { prm_session: cookie?.value as string },
      payload: { name: 'get_patient_summary', args: { patient_id: f.patient.id } },
    });
    expect(res.statusCode).toBe(200);
    const reads = await t.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenant_id, clinic.id),
          eq(auditLog.entity_id, f.patient.id),
          eq(auditLog.action, 'read'),
        ),
      );
    expect(reads.at(-1)).toMatchObject({
      actor_type: 'assistant',
      actor_id: clinic.users.staff.id,
      reason: `assistant acting for user ${clinic.users.staff.id}`,
    });
  });

  it('summarises a patient: details, upcoming appointments, active journeys', async () => {
    const res = await run(clinic.keys.staff, {
      name: 'get_patient_summary',
      args: { patient_id: f.patient.id },
    });
    const { result } = res.json();
    expect(result.patient).toMatchObject({ id: f.patient.id, full_name: 'Kavya Rao' });
    expect(result.upcoming_appointments.map((a: { id: string }) => a.id)).toEqual([f.appointment.id]);
    expect(result.upcoming_appointments[0].starts_at).toBe(f.startsAt.toISOString());
    expect(result.active_journeys.map((j: { id: string }) => j.id)).toEqual([f.journey.id]);
  });

  it('lists upcoming appointments, leaving out cancelled ones', async () => {
    const args = { days: 7, practitioner_id: f.practitioner.id };
    const before = (await run(clinic.keys.admin, { name: 'list_upcoming_appointments', args })).json();
    expect(before.result.data.map((a: { id: string }) => a.id)).toEqual([f.appointment.id]);
    const shortRange = await run(clinic.keys.admin, {
      name: 'list_upcoming_appointments',
      args: { days: 1 },
    });
    expect(shortRange.json().result.data).toEqual([]);
  });

  it.each([
    [{ name: 'search_patients', args: { query: 5 } }, 'args.query'],
    [{ name: 'search_patients', args: {} }, 'args.query'],
    [{ name: 'search_patients', args: { query: 'x'.repeat(5000) } }, 'args.query'],
    [{ name: 'search_patients', args: { query: 'a', limit: 0 } }, 'args.limit'],
    [{ name: 'search_patients', args: { query: 'a', bogus: 1 } }, 'args'],
    [{ name: 'get_patient_summary', args: { patient_id: 'not-a-uuid' } }, 'args.patient_id'],
    [{ name: 'search_patients', args: [] }, 'body.args'],
    [{ args: {} }, 'body.name'],
  ])('answers 400 naming the field for %j', async (payload, field) => {
    const res = await run(clinic.keys.staff, payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(body.detail).toContain(field);
  });

  it('says which field is unknown', async () => {
    const res = await run(clinic.keys.staff, { name: 'search_patients', args: { query: 'a', bogus: 1 } });
    expect(res.json().detail).toMatch(/Unknown field\(s\): bogus/);
  });

  it('answers 404 for an unknown tool, 403 for a patient tool asked by an analyst', async () => {
    const unknown = await run(clinic.keys.staff, { name: 'drop_tables', args: {} });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().type).toMatch(/unknown_tool/);
    const denied = await run(clinic.keys.analyst, { name: 'search_patients', args: { query: 'kavya' } });
    expect(denied.statusCode).toBe(403);
    const calls = await toolAudits(clinic.id);
    expect(calls.at(-1)?.reason).toMatch(/search_patients forbidden$/);
  });

  it("answers another tenant's patient like a nonexistent one", async () => {
    const res = await run(clinic.keys.staff, {
      name: 'get_patient_summary',
      args: { patient_id: otherData.patient.id },
    });
    expect(res.statusCode).toBe(404);
    const list = await run(clinic.keys.staff, {
      name: 'list_upcoming_appointments',
      args: { practitioner_id: otherData.practitioner.id },
    });
    expect(list.json().result.data).toEqual([]);
    const search = await run(clinic.keys.staff, { name: 'search_patients', args: { query: 'Kavya' } });
    expect(search.body).not.toContain(otherData.patient.id);
  });

  it('lists recent voice calls, newest first, within the days asked', async () => {
    const day = 86_400_000;
    const call = (tenantId: string, external: string, agoDays: number, patientId: string) => ({
      tenant_id: tenantId,
      external_call_id: external,
      patient_id: patientId,
      direction: 'inbound' as const,
      started_at: new Date(Date.now() - agoDays * day),
      duration_seconds: 90,
      end_reason: 'completed' as const,
      outcome: 'appointment_booked' as const,
    });
    const [recent, older] = await t.database.db
      .insert(voiceCalls)
      .values([
        call(clinic.id, 'c-1', 1, f.patient.id),
        call(clinic.id, 'c-2', 3, f.patient.id),
        call(clinic.id, 'c-3', 20, f.patient.id),
        call(other.id, 'c-4', 1, otherData.patient.id),
      ])
      .returning();
    const res = await run(clinic.keys.staff, { name: 'list_recent_calls', args: { days: 7 } });
    expect(res.statusCode).toBe(200);
    const calls = res.json().result.data as { id: string; patient_name: string }[];
    expect(calls.map((c) => c.id)).toEqual([recent?.id, older?.id]);
    expect(calls[0]?.patient_name).toBe('Kavya Rao');
    const denied = await run(clinic.keys.analyst, { name: 'list_recent_calls', args: {} });
    expect(denied.statusCode).toBe(403);
  });
});

describe('POST /api/v1/assistant/ask without a model', () => {
  const ask = (key: string, question: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/assistant/ask',
      headers: bearer(key),
      payload: { question },
    });

  it('answers with the offline interpreter', async () => {
    const res = await ask(clinic.keys.analyst, 'How many calls today?');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.mode).toBe('interpreter');
    expect(body.result.interpretation.metrics).toEqual(['calls_total']);
    expect(body.answer).toMatch(/^Calls, today \(.*\): 0/);
  });

  it.each([[''], ['x'.repeat(501)], [42]])('rejects the question %j', async (q) => {
    const res = await ask(clinic.keys.staff, q);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.question');
  });
});

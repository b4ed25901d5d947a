import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { apiAs, type Fixtures, makeFixtures, nextPhone } from '../../../../test/helpers/fixtures.js';
import { auditLog, conversations, messages, voiceCalls } from '../../platform/db/schema/index.js';

let t: TestContext;
let clinic: TestTenant;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  f = await makeFixtures(t.app, clinic);
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

it('moves appointments, journeys, conversations, messages and calls to the surviving patient', async () => {
  const api = apiAs(t.app, clinic.keys.staff);
  const survivor = await api<{ id: string }>('POST', '/api/v1/patients', {
    full_name: 'Rahul Verma',
    tags: ['vip'],
  });
  const dupPhone = nextPhone();
  const dup = await api<{ id: string }>('POST', '/api/v1/patients', {
    full_name: 'Rahul V',
    phone: dupPhone,
    email: 'rahul@example.in',
    tags: ['insurance'],
  });
  const at = new Date(f.startsAt.getTime() + 9 * 86_400_000);
  await api('POST', '/api/v1/appointments', {
    patient_id: dup.id,
    practitioner_id: f.practitioner.id,
    starts_at: at.toISOString(),
  });
  await api('POST', '/api/v1/journeys', { patient_id: dup.id, template_id: f.template.id });
  const db = t.database.db;
  const [conv] = await db
    .insert(conversations)
    .values({ tenant_id: clinic.id, patient_id: dup.id, channel: 'whatsapp' })
    .returning();
  await db.insert(messages).values({
    tenant_id: clinic.id,
    conversation_id: conv?.id as string,
    patient_id: dup.id,
    direction: 'inbound',
    channel: 'whatsapp',
    body: 'hello',
    status: 'received',
  });
  await db
    .insert(voiceCalls)
    .values({ tenant_id: clinic.id, external_call_id: 'call_merge_1', patient_id: dup.id });

  const merged = await api<{ patient: Record<string, unknown>; moved: Record<string, number> }>(
    'POST',
    `/api/v1/patients/${survivor.id}/merge`,
    { duplicate_id: dup.id },
  );
  expect(merged.moved).toEqual({ appointments: 1, journeys: 1, conversations: 1, messages: 1, calls: 1 });
  expect(merged.patient).toMatchObject({ phone: dupPhone, email: 'rahul@example.in' });
  expect(new Set(merged.patient.tags as string[])).toEqual(new Set(['vip', 'insurance']));

  const appts = await api<{ data: unknown[] }>('GET', `/api/v1/appointments?patient_id=${survivor.id}`);
  expect(appts.data).toHaveLength(1);
  const gone = await t.app.inject({ url: `/api/v1/patients/${dup.id}`, headers: bearer(clinic.keys.staff) });
  expect(gone.statusCode).toBe(404);
  const audits = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenant_id, clinic.id), eq(auditLog.action, 'merge')));
  expect(audits.map((a) => a.entity_id).sort()).toEqual([survivor.id, dup.id].sort());
  // The phone is free again for the survivor: a new patient with it is a duplicate of the survivor.
  const again = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: bearer(clinic.keys.staff),
    payload: { full_name: 'Third', phone: dupPhone },
  });
  expect(again.statusCode).toBe(409);
});

it('refuses to merge a patient into itself', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${f.patient.id}/merge`,
    headers: bearer(clinic.keys.staff),
    payload: { duplicate_id: f.patient.id },
  });
  expect(res.statusCode).toBe(400);
});

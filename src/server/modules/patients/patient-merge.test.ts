import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { bearer, setupSuite } from '../../../../test/helpers/app.js';
import { apiAs, nextPhone, setupFixtures } from '../../../../test/helpers/fixtures.js';
import { auditLog, conversations, messages, voiceCalls } from '../../platform/db/schema/index.js';

const t = setupSuite();
const fx = setupFixtures(t);

it('moves appointments, journeys, conversations, messages and calls to the surviving patient', async () => {
  const api = apiAs(t.app, t.tenant.keys.staff);
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
  const at = new Date(fx.f.startsAt.getTime() + 9 * 86_400_000);
  await api('POST', '/api/v1/appointments', {
    patient_id: dup.id,
    practitioner_id: fx.f.practitioner.id,
    starts_at: at.toISOString(),
  });
  await api('POST', '/api/v1/journeys', { patient_id: dup.id, template_id: fx.f.template.id });
  const db = t.database.db;
  const [conv] = await db
    .insert(conversations)
    .values({ tenant_id: t.tenant.id, patient_id: dup.id, channel: 'whatsapp' })
    .returning();
  await db.insert(messages).values({
    tenant_id: t.tenant.id,
    conversation_id: conv?.id as string,
    patient_id: dup.id,
    direction: 'inbound',
    channel: 'whatsapp',
    body: 'hello',
    status: 'received',
  });
  await db
    .insert(voiceCalls)
    .values({ tenant_id: t.tenant.id, external_call_id: 'call_merge_1', patient_id: dup.id });

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
  const gone = await t.app.inject({
    url: `/api/v1/patients/${dup.id}`,
    headers: bearer(t.tenant.keys.staff),
  });
  expect(gone.statusCode).toBe(404);
  const audits = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenant_id, t.tenant.id), eq(auditLog.action, 'merge')));
  expect(audits.map((a) => a.entity_id).sort()).toEqual([survivor.id, dup.id].sort());
  // The phone is free again for the survivor: a new patient with it is a duplicate of the survivor.
  const again = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: bearer(t.tenant.keys.staff),
    payload: { full_name: 'Third', phone: dupPhone },
  });
  expect(again.statusCode).toBe(409);
});

it('refuses to merge a patient into itself', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${fx.f.patient.id}/merge`,
    headers: bearer(t.tenant.keys.staff),
    payload: { duplicate_id: fx.f.patient.id },
  });
  expect(res.statusCode).toBe(400);
});

it('folds the two records’ WhatsApp conversations into the one staff were working in, losing no message', async () => {
  const api = apiAs(t.app, t.tenant.keys.staff);
  const db = t.database.db;
  const survivor = await api<{ id: string }>('POST', '/api/v1/patients', { full_name: 'Meera Iyer' });
  const dup = await api<{ id: string }>('POST', '/api/v1/patients', { full_name: 'Meera I' });
  const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9));
  const thread = async (patientId: string, status: 'open' | 'closed', unread: number, last: Date) => {
    const [c] = await db
      .insert(conversations)
      .values({
        tenant_id: t.tenant.id,
        patient_id: patientId,
        channel: 'whatsapp',
        status,
        unread_count: unread,
        last_message_at: last,
        last_inbound_at: last,
        opened_at: day(1),
        ...(status === 'closed' ? { closed_at: last } : {}),
      })
      .returning();
    await db.insert(messages).values(
      [1, 2].map((n) => ({
        tenant_id: t.tenant.id,
        conversation_id: c?.id as string,
        patient_id: patientId,
        direction: 'inbound' as const,
        channel: 'whatsapp' as const,
        body: `${status} ${n}`,
        status: 'received' as const,
        created_at: last,
      })),
    );
    return c?.id as string;
  };
  const older = await thread(survivor.id, 'closed', 1, day(3));
  const current = await thread(dup.id, 'open', 2, day(20));

  await api('POST', `/api/v1/patients/${survivor.id}/merge`, { duplicate_id: dup.id });

  const convs = await db.select().from(conversations).where(eq(conversations.patient_id, survivor.id));
  expect(convs).toHaveLength(1);
  expect(convs[0]).toMatchObject({ id: current, status: 'open', unread_count: 3, last_message_at: day(20) });
  const moved = await db.select().from(messages).where(eq(messages.conversation_id, current));
  expect(moved.map((m) => m.body).sort()).toEqual(['closed 1', 'closed 2', 'open 1', 'open 2']);
  const thread2 = await api<{ data: unknown[] }>('GET', `/api/v1/conversations/${current}/messages`);
  expect(thread2.data).toHaveLength(4);
  const audits = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tenant_id, t.tenant.id),
        eq(auditLog.entity_type, 'conversation'),
        eq(auditLog.action, 'merge'),
      ),
    );
  expect(audits.map((a) => a.entity_id).sort()).toEqual([older, current].sort());
});

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTenant, setupSuite } from '../../../../test/helpers/app.js';
import { inboundParams, newAccountSid, newMessageSid } from '../../../../test/helpers/twilio.js';
import {
  auditLog,
  conversations,
  messageMedia,
  messages,
  patients,
  webhookEvents,
} from '../../platform/db/schema/index.js';
import { eventProcessor } from './event-processor.js';
import { INBOUND_PROVIDER, inboundHandler } from './inbound.service.js';
import { insertEvents } from './ledger.repository.js';

const t = setupSuite();
// No channel has this account: the media jobs the messages start end as "channel gone", fetching nothing.
const channel = { id: '', accountSid: newAccountSid(), authToken: '', sender: '+14155550100' };

const KNOWN = '+919810000001';
const NEW = '+919810000002';
const KEYWORDS = '+919810000003';
const STOPS = '+919810000004';

/** One day's traffic touching every step of processing; the same sids go to each tenant. */
function traffic() {
  const msg = (from: string, extra: Record<string, string> = {}) => inboundParams(channel, from, extra);
  const twice = msg(NEW, { Body: 'sent twice' });
  return [
    msg(KNOWN, { Body: 'back again', ProfileName: 'Not the stored name' }),
    msg(NEW, { ProfileName: 'Asha Verma' }),
    msg(KEYWORDS, { Body: 'STOP', ProfileName: 'Ravi' }),
    msg(NEW, {
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1',
      MediaContentType0: 'image/jpeg',
      MessageType: 'image',
      Body: '',
    }),
    msg(KEYWORDS, { Body: 'START' }),
    msg(STOPS, { Body: 'stop', ProfileName: 'Meera' }),
    msg(STOPS, { Body: 'STOP' }),
    twice,
    { ...twice, MessageSid: twice.MessageSid },
    msg(KEYWORDS, { Body: 'hello', Latitude: '12.97', Longitude: '77.59', Address: 'MG Road' }),
    {
      ...msg(NEW),
      From: 'whatsapp:IN.bsuid-7',
      WaId: '',
      ProfileName: 'Business-scoped',
      ButtonPayload: 'yes',
      ButtonText: 'Yes',
    },
    msg(KNOWN, { Body: 'and again', OriginalRepliedMessageSid: newMessageSid() }),
  ];
}

async function tenantWithHistory() {
  const tenant = await createTenant(t.database);
  const [known] = await t.database.db
    .insert(patients)
    .values({ tenant_id: tenant.id, phone: KNOWN, full_name: 'Known Patient' })
    .returning();
  await t.database.db.insert(conversations).values({
    tenant_id: tenant.id,
    patient_id: known?.id as string,
    channel: 'whatsapp',
    status: 'closed',
    closed_at: new Date(),
  });
  return tenant;
}

async function process(tenantId: string, all: Record<string, string>[], batch: number) {
  const rows = await insertEvents(
    t.database,
    all.map((p, i) => ({
      provider: INBOUND_PROVIDER,
      // Distinct ledger keys: the repeated MessageSid stands for an event replayed after its effects.
      external_id: `${tenantId}-${i}-${p.MessageSid}`,
      ref: p.MessageSid as string,
      tenant_id: tenantId,
      event_type: 'message',
      headers: {},
      body: new URLSearchParams(p).toString(),
    })),
  );
  const warnings: object[] = [];
  const log = { warn: (o: object) => warnings.push(o), error: (o: object) => warnings.push(o) };
  const processor = eventProcessor(t.database.db, { [INBOUND_PROVIDER]: inboundHandler(t.app.jobs) }, log, {
    concurrency: 1,
    batch,
  });
  processor.kick(rows.map((r) => r.id));
  await processor.drained();
  expect(warnings).toEqual([]);
  const events = await t.database.db
    .select({ status: webhookEvents.status })
    .from(webhookEvents)
    .where(
      inArray(
        webhookEvents.id,
        rows.map((r) => r.id),
      ),
    );
  expect(events.map((e) => e.status)).toEqual(rows.map(() => 'processed'));
}

/** What a tenant's inbox and records hold, without ids or clock times. */
async function state(tenantId: string) {
  const { db } = t.database;
  const people = await db
    .select({
      id: patients.id,
      phone: patients.phone,
      name: patients.full_name,
      consent: patients.whatsapp_consent,
    })
    .from(patients)
    .where(eq(patients.tenant_id, tenantId))
    .orderBy(asc(patients.full_name));
  const who = (id: string | null) => people.find((p) => p.id === id)?.name;
  const threads = await db.select().from(conversations).where(eq(conversations.tenant_id, tenantId));
  const stored = await db
    .select()
    .from(messages)
    .where(eq(messages.tenant_id, tenantId))
    .orderBy(asc(messages.external_id));
  const media = await db.select().from(messageMedia).where(eq(messageMedia.tenant_id, tenantId));
  const audits = await db
    .select({
      action: auditLog.action,
      entity: auditLog.entity_type,
      reason: auditLog.reason,
      n: sql<number>`count(*)::int`,
    })
    .from(auditLog)
    .where(and(eq(auditLog.tenant_id, tenantId), eq(auditLog.actor_type, 'webhook')))
    .groupBy(auditLog.action, auditLog.entity_type, auditLog.reason)
    .orderBy(asc(auditLog.action), asc(auditLog.entity_type), asc(auditLog.reason));
  // The latest of the patient's messages (they are listed by sid, not by time).
  const lastOf = (patientId: string) =>
    stored
      .filter((m) => m.patient_id === patientId)
      .map((m) => m.created_at.toISOString())
      .sort()
      .at(-1);
  return {
    patients: people.map(({ phone, name, consent }) => ({ phone, name, consent })),
    conversations: threads
      .map((c) => ({
        patient: who(c.patient_id),
        status: c.status,
        unread: c.unread_count,
        lastIsLatestMessage: c.last_message_at?.toISOString() === lastOf(c.patient_id),
        lastInboundIsLatestMessage: c.last_inbound_at?.toISOString() === lastOf(c.patient_id),
      }))
      .sort((a, b) => String(a.patient).localeCompare(String(b.patient))),
    messages: stored.map((m) => ({
      sid: m.external_id,
      patient: who(m.patient_id),
      inItsPatientsConversation: threads.find((c) => c.id === m.conversation_id)?.patient_id === m.patient_id,
      type: m.message_type,
      body: m.body,
      media: m.media.length,
      location: m.location,
      button: m.button_payload,
      replyTo: m.reply_to_external_id !== null,
    })),
    media: media.map((m) => m.content_type),
    audits,
  };
}

describe('inbound messages applied as a batch', () => {
  it('end exactly as when applied one at a time', async () => {
    const day = traffic();
    const batched = await tenantWithHistory();
    const single = await tenantWithHistory();
    await process(batched.id, day, 32);
    await process(single.id, day, 1);
    const [b, s] = [await state(batched.id), await state(single.id)];

    expect(b).toEqual(s);
    // …and what both hold is what the traffic says.
    expect(b.patients).toEqual([
      { phone: NEW, name: 'Asha Verma', consent: 'unknown' },
      { phone: null, name: 'Business-scoped', consent: 'unknown' },
      { phone: KNOWN, name: 'Known Patient', consent: 'unknown' },
      { phone: STOPS, name: 'Meera', consent: 'opted_out' },
      { phone: KEYWORDS, name: 'Ravi', consent: 'opted_in' },
    ]);
    expect(b.conversations.map((c) => [c.patient, c.status, c.unread])).toEqual([
      ['Asha Verma', 'open', 3],
      ['Business-scoped', 'open', 1],
      ['Known Patient', 'open', 2],
      ['Meera', 'open', 2],
      ['Ravi', 'open', 3],
    ]);
    expect(b.conversations.every((c) => c.lastIsLatestMessage && c.lastInboundIsLatestMessage)).toBe(true);
    expect(b.messages).toHaveLength(day.length - 1);
    expect(new Set(b.messages.map((m) => m.sid)).size).toBe(day.length - 1);
    expect(b.messages.every((m) => m.inItsPatientsConversation)).toBe(true);
    expect(b.media).toEqual(['image/jpeg']);
    expect(b.audits).toEqual([
      { action: 'create', entity: 'message', reason: null, n: day.length - 1 },
      { action: 'create', entity: 'patient', reason: 'first WhatsApp message', n: 4 },
      { action: 'update', entity: 'patient', reason: 'WhatsApp keyword: opted_in', n: 1 },
      { action: 'update', entity: 'patient', reason: 'WhatsApp keyword: opted_out', n: 2 },
    ]);
  });
});

import { and, count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { eventually } from '../../../../test/helpers/poll.js';
import {
  createChannel,
  inboundParams,
  type PostAnswer,
  type PostRequest,
  postOverHttp,
  signed,
  type TestChannel,
} from '../../../../test/helpers/twilio.js';
import {
  conversations,
  messages,
  patientIdentities,
  patients,
  webhookEvents,
} from '../../platform/db/schema/index.js';
import { type DomainEvent, subscribeEvents } from '../../platform/events/bus.js';

let t: TestContext;
let clinic: TestTenant;
let channel: TestChannel;
const URL_PUBLIC = 'http://localhost:3000/api/v1/whatsapp/webhook';

let base: string;

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  channel = await createChannel(t, clinic);
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

// Every case runs in-process (Fastify's route) and over the network (the raw intake, decision 0304).
const transports: Record<string, (r: PostRequest) => Promise<PostAnswer>> = {
  inject: async (r) => t.app.inject({ method: 'POST', ...r }),
  http: (r) => postOverHttp(base, r),
};
let send = transports.inject as (r: PostRequest) => Promise<PostAnswer>;

const post = (
  params: Record<string, string>,
  opts: { token?: string; url?: string; headers?: Record<string, string> } = {},
) => {
  const s = signed(opts.url ?? URL_PUBLIC, opts.token ?? channel.authToken, params);
  return send({
    url: '/api/v1/whatsapp/webhook',
    payload: s.payload,
    headers: { ...s.headers, ...opts.headers },
  });
};

const ledgerCount = async () => (await t.database.db.select({ n: count() }).from(webhookEvents))[0]?.n ?? 0;
const processed = (sid: string) =>
  eventually(async () => {
    const [row] = await t.database.db.select().from(webhookEvents).where(eq(webhookEvents.external_id, sid));
    return row?.status === 'processed' ? row : null;
  });

describe.each(Object.keys(transports))('WhatsApp inbound webhook (%s)', (transport) => {
  beforeAll(() => {
    send = transports[transport] as typeof send;
  });
  // Each transport's own senders: the second run must meet new patients, as the first did.
  const phone = (n: number) => `+9198765${transport === 'http' ? 1 : 0}000${n}`;

  it('answers empty TwiML, stores the raw event and processes it into patient, conversation and message', async () => {
    const events: DomainEvent[] = [];
    const unsubscribe = await subscribeEvents(t.database, (e) => events.push(e));
    const params = inboundParams(channel, phone(1), {
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1',
      MediaContentType0: 'image/jpeg',
      MessageType: 'image',
      OriginalRepliedMessageSid: 'SMprevious',
      ButtonPayload: 'confirm',
      ButtonText: 'Confirm',
      ReferralCtwaClid: 'abc',
      SomeFutureParam: 'kept',
    });
    const res = await post(params, { headers: { 'i-twilio-idempotency-token': 'tok-1' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const ev = await processed(params.MessageSid);
    expect(ev.body).toContain('SomeFutureParam=kept');
    expect(ev.headers).toEqual({ 'i-twilio-idempotency-token': 'tok-1' });
    expect(ev.tenant_id).toBe(clinic.id);

    const [patient] = await t.database.db
      .select()
      .from(patients)
      .where(eq(patients.phone, phone(1)));
    expect(patient?.full_name).toBe('Asha Verma');
    const [msg] = await t.database.db
      .select()
      .from(messages)
      .where(eq(messages.external_id, params.MessageSid));
    expect(msg).toMatchObject({
      direction: 'inbound',
      patient_id: patient?.id,
      message_type: 'image',
      button_payload: 'confirm',
      button_text: 'Confirm',
      reply_to_external_id: 'SMprevious',
      status: 'received',
    });
    expect(msg?.media).toMatchObject([{ content_type: 'image/jpeg', url: params.MediaUrl0 }]);
    const [conv] = await t.database.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, msg?.conversation_id as string));
    expect(conv).toMatchObject({ status: 'open', unread_count: 1, channel: 'whatsapp' });
    await eventually(async () =>
      events.find((e) => e.type === 'message.created' && e.data.message_id === msg?.id),
    );
    await unsubscribe();
  });

  it('keeps a location and a sender known only by a business-scoped id', async () => {
    const params = inboundParams(channel, phone(2), {
      From: 'whatsapp:IN.1234567890abcdef',
      WaId: '',
      Latitude: '12.9716',
      Longitude: '77.5946',
      Address: 'MG Road',
      MessageType: 'location',
      ProfileName: 'Ravi',
    });
    expect((await post(params)).statusCode).toBe(200);
    await processed(params.MessageSid);
    const [id] = await t.database.db
      .select()
      .from(patientIdentities)
      .where(eq(patientIdentities.value, 'IN.1234567890abcdef'));
    const [p] = await t.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, id?.patient_id as string));
    expect(p).toMatchObject({ phone: null, full_name: 'Ravi' });
    const [msg] = await t.database.db
      .select()
      .from(messages)
      .where(eq(messages.external_id, params.MessageSid));
    expect(msg?.location).toEqual({ latitude: 12.9716, longitude: 77.5946, address: 'MG Road' });
  });

  it('403s and stores nothing for another token, a changed parameter, a changed URL, or a wrong tenant header', async () => {
    const before = await ledgerCount();
    const params = inboundParams(channel, phone(3));
    expect((await post(params, { token: 'x'.repeat(32) })).statusCode).toBe(403);
    const s = signed(URL_PUBLIC, channel.authToken, params);
    const tampered = await send({
      url: '/api/v1/whatsapp/webhook',
      payload: s.payload.replace('appointment', 'appointments'),
      headers: s.headers,
    });
    expect(tampered.statusCode).toBe(403);
    expect(
      (await post(params, { url: 'http://localhost:3000/api/v1/whatsapp/webhook?x=1' })).statusCode,
    ).toBe(403);
    expect(
      (await post(params, { headers: { 'x-tenant-id': '00000000-0000-0000-0000-000000000000' } })).statusCode,
    ).toBe(403);
    const unsigned = await send({
      url: '/api/v1/whatsapp/webhook',
      payload: s.payload,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unsigned.statusCode).toBe(403);
    expect((await post({ ...params, AccountSid: 'AC0' })).statusCode).toBe(403);
    expect(await ledgerCount()).toBe(before);
    const [p] = await t.database.db
      .select()
      .from(patients)
      .where(eq(patients.phone, phone(3)));
    expect(p).toBeUndefined();
    // The matching tenant header is accepted.
    expect((await post(params, { headers: { 'x-tenant-id': clinic.id } })).statusCode).toBe(200);
    t.logs.take();
  });

  it('treats retries and concurrent duplicates as no-ops', async () => {
    const params = inboundParams(channel, phone(4));
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(params)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
    await processed(params.MessageSid);
    expect((await post(params)).statusCode).toBe(200);
    const [n] = await t.database.db
      .select({ n: count() })
      .from(messages)
      .where(eq(messages.external_id, params.MessageSid));
    expect(n?.n).toBe(1);
    const [c] = await t.database.db
      .select()
      .from(conversations)
      .innerJoin(patients, eq(patients.id, conversations.patient_id))
      .where(eq(patients.phone, phone(4)));
    expect(c?.conversations.unread_count).toBe(1);
  });

  it('gives two concurrent first messages of a new phone one patient and one conversation', async () => {
    const from = phone(5);
    const batch = Array.from({ length: 6 }, (_, i) => inboundParams(channel, from, { Body: `msg ${i}` }));
    const answers = await Promise.all(batch.map((p) => post(p)));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    for (const p of batch) await processed(p.MessageSid);
    const ps = await t.database.db
      .select()
      .from(patients)
      .where(and(eq(patients.phone, from), eq(patients.tenant_id, clinic.id)));
    expect(ps).toHaveLength(1);
    const cs = await t.database.db
      .select()
      .from(conversations)
      .where(eq(conversations.patient_id, ps[0]?.id as string));
    expect(cs).toHaveLength(1);
    expect(cs[0]?.unread_count).toBe(6);
  });

  it('opts out on STOP and back in on START', async () => {
    const from = phone(6);
    const consent = async () =>
      (await t.database.db.select().from(patients).where(eq(patients.phone, from)))[0]?.whatsapp_consent;
    const stop = inboundParams(channel, from, { Body: '  stop ' });
    await post(stop);
    await processed(stop.MessageSid);
    expect(await consent()).toBe('opted_out');
    const notKeyword = inboundParams(channel, from, { Body: 'please stop the reminders' });
    await post(notKeyword);
    await processed(notKeyword.MessageSid);
    expect(await consent()).toBe('opted_out');
    const start = inboundParams(channel, from, { Body: 'START' });
    await post(start);
    await processed(start.MessageSid);
    expect(await consent()).toBe('opted_in');
  });

  it('reopens a closed conversation on a new message', async () => {
    const from = phone(7);
    const first = inboundParams(channel, from);
    await post(first);
    await processed(first.MessageSid);
    const [m] = await t.database.db.select().from(messages).where(eq(messages.external_id, first.MessageSid));
    await t.database.db
      .update(conversations)
      .set({ status: 'closed', closed_at: new Date() })
      .where(eq(conversations.id, m?.conversation_id as string));
    const second = inboundParams(channel, from);
    await post(second);
    await processed(second.MessageSid);
    const [c] = await t.database.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, m?.conversation_id as string));
    expect(c).toMatchObject({ status: 'open', closed_at: null, unread_count: 2 });
  });
});

import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { type FakeTwilio, startFakeTwilio } from '../../../../test/helpers/fake-twilio.js';
import { eventually } from '../../../../test/helpers/poll.js';
import {
  createChannel,
  inboundParams,
  newMessageSid,
  postSigned,
  statusParams,
  type TestChannel,
} from '../../../../test/helpers/twilio.js';
import { messages, patients, webhookEvents } from '../../platform/db/schema/index.js';

let t: TestContext;
let fake: FakeTwilio;
let clinic: TestTenant;
let other: TestTenant;
let channel: TestChannel;
const PUBLIC = 'http://localhost:3000';

beforeAll(async () => {
  fake = await startFakeTwilio();
  t = await createTestApp({ TWILIO_API_BASE_URL: fake.url });
  clinic = await createTenant(t.database);
  other = await createTenant(t.database);
  channel = await createChannel(t, clinic);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});
afterEach(() => expect(t.logs.take()).toEqual([]));

const hook = (path: Parameters<typeof postSigned>[2], params: Record<string, string>) =>
  postSigned(t, channel, path, params);

/** A patient who wrote just now (inside the 24-hour window). */
async function patientWhoWrote(phone: string) {
  const p = inboundParams(channel, phone);
  expect((await hook('webhook', p)).statusCode).toBe(200);
  return eventually(
    async () => (await t.database.db.select().from(patients).where(eq(patients.phone, phone)))[0],
  );
}

const send = (payload: object, key = clinic.keys.staff) =>
  t.app.inject({ method: 'POST', url: '/api/v1/whatsapp/send', headers: bearer(key), payload });

const message = (id: string) =>
  t.database.db
    .select()
    .from(messages)
    .where(eq(messages.id, id))
    .then((r) => r[0]);
const sentWithSid = (id: string) =>
  eventually(async () => {
    const m = await message(id);
    return m?.external_id || m?.status === 'failed' ? m : null;
  });

describe('WhatsApp send', () => {
  it('stores the message as queued, sends it through the Twilio client with a status callback', async () => {
    const patient = await patientWhoWrote('+919811100001');
    const res = await send({ patient_id: patient.id, body: 'Your appointment is confirmed' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'queued', direction: 'outbound', external_id: null });
    const m = await sentWithSid(res.json().id);
    expect(m?.status).toBe('queued');
    const call = fake.sends.at(-1);
    expect(call?.accountSid).toBe(channel.accountSid);
    expect(call?.auth).toBe(
      `Basic ${Buffer.from(`${channel.accountSid}:${channel.authToken}`).toString('base64')}`,
    );
    expect(Object.fromEntries(call?.params ?? [])).toEqual({
      To: 'whatsapp:+919811100001',
      From: `whatsapp:${channel.sender}`,
      Body: 'Your appointment is confirmed',
      StatusCallback: `${PUBLIC}/api/v1/whatsapp/status?m=${res.json().id}`,
    });
  });

  it('sends once when Twilio took a send but its answer was lost: the first callback names the message', async () => {
    const patient = await patientWhoWrote('+919811100006');
    // Every attempt would be created by Twilio and its answer lost: only the callback can tell PRM.
    fake.loseAnswers(10);
    const res = await send({ patient_id: patient.id, body: 'only once' });
    const id = res.json().id;
    const ours = () => fake.sends.filter((s) => s.params.get('Body') === 'only once');
    await eventually(() => ours().length === 1);
    const sid = ours()[0]?.sid as string;
    const callback = new URL(ours()[0]?.params.get('StatusCallback') as string);
    expect(callback.searchParams.get('m')).toBe(id);
    expect(
      (await hook(`status?${callback.searchParams}`, statusParams(channel, sid, 'sent'))).statusCode,
    ).toBe(200);
    const m = await eventually(async () => ((await message(id))?.external_id ? message(id) : null));
    expect(m).toMatchObject({ external_id: sid, status: 'sent' });

    // The job's retry, after its back-off, finds the message sent and completes without sending again.
    const jobState = async () => {
      const r = (await t.database.db.execute(
        sql`select state::text from pgboss.job where name = 'whatsapp.send' and data->>'message_id' = ${id}`,
      )) as unknown as { rows: { state: string }[] };
      return r.rows[0]?.state;
    };
    await eventually(async () => (await jobState()) === 'completed', 30_000, 'the retried send job');
    fake.loseAnswers(0);
    expect(ours()).toHaveLength(1);

    // A callback for another sid naming the same message changes nothing: it keeps the sid it has.
    const stray = newMessageSid();
    expect(
      (await hook(`status?${callback.searchParams}`, statusParams(channel, stray, 'delivered'))).statusCode,
    ).toBe(200);
    const ledger = await eventually(async () => {
      const [e] = await t.database.db
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.external_id, `${stray}:delivered`));
      return e?.status === 'pending' ? null : e;
    });
    expect(ledger?.status).toBe('deferred');
    expect(await message(id)).toMatchObject({ external_id: sid, status: 'sent' });
  });

  it('refuses free-form outside the 24-hour window with 409, and sends an approved template', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: bearer(clinic.keys.staff),
      payload: { full_name: 'Quiet Patient', phone: '+919811100002' },
    });
    const id = created.json().id;
    const refused = await send({ patient_id: id, body: 'hello' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toContain('template_required');
    expect(refused.json().detail).toContain('template');
    const sid = `HX${'a'.repeat(32)}`;
    const ok = await send({ patient_id: id, template: { content_sid: sid, variables: { '1': '12 Dec' } } });
    expect(ok.statusCode).toBe(202);
    await sentWithSid(ok.json().id);
    const params = fake.sends.at(-1)?.params;
    expect(params?.get('ContentSid')).toBe(sid);
    expect(JSON.parse(params?.get('ContentVariables') ?? '{}')).toEqual({ '1': '12 Dec' });
    expect(params?.has('Body')).toBe(false);
  });

  it('refuses to send to an opted-out patient', async () => {
    const patient = await patientWhoWrote('+919811100003');
    const stop = inboundParams(channel, '+919811100003', { Body: 'STOP' });
    await hook('webhook', stop);
    await eventually(
      async () =>
        (await t.database.db.select().from(patients).where(eq(patients.id, patient.id)))[0]
          ?.whatsapp_consent === 'opted_out',
    );
    const res = await send({ patient_id: patient.id, body: 'hi' });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toContain('opted_out');
  });

  it('retries a transient Twilio error through the job queue and records a permanent one', async () => {
    const patient = await patientWhoWrote('+919811100004');
    fake.fail({ status: 503, body: { code: 20500, message: 'Service unavailable', status: 503 } });
    const res = await send({ patient_id: patient.id, body: 'retry me' });
    const m = await eventually(
      async () => ((await message(res.json().id))?.external_id ? message(res.json().id) : null),
      25_000,
    );
    expect(m?.status).toBe('queued');
    expect(fake.sends.filter((s) => s.params.get('Body') === 'retry me')).toHaveLength(2);

    fake.fail({ status: 400, body: { code: 21211, message: "The 'To' number is not valid", status: 400 } });
    const bad = await send({ patient_id: patient.id, body: 'fails' });
    const failed = await sentWithSid(bad.json().id);
    expect(failed).toMatchObject({ status: 'failed', error_code: '21211', external_id: null });
  });

  it('applies status callbacks monotonically, keeps terminal failures, and applies early ones later', async () => {
    const patient = await patientWhoWrote('+919811100005');
    const sid = newMessageSid();
    fake.nextSids(sid);
    // The callback for `sent` arrives before PRM has stored the sid: kept deferred, applied later.
    expect((await hook('status', statusParams(channel, sid, 'sent'))).statusCode).toBe(200);
    await eventually(
      async () =>
        (
          await t.database.db
            .select()
            .from(webhookEvents)
            .where(eq(webhookEvents.external_id, `${sid}:sent`))
        )[0]?.status === 'deferred',
    );
    const res = await send({ patient_id: patient.id, body: 'status me' });
    const m = await eventually(async () => {
      const row = await message(res.json().id);
      return row?.status === 'sent' ? row : null;
    });
    expect(m?.external_id).toBe(sid);
    for (const s of ['read', 'delivered', 'read', 'sent'])
      expect((await hook('status', statusParams(channel, sid, s))).statusCode).toBe(200);
    const done = await eventually(async () => {
      const row = await message(res.json().id);
      return row?.status_times.delivered ? row : null;
    });
    expect(done?.status).toBe('read');
    expect(Object.keys(done?.status_times ?? {}).sort()).toEqual(['delivered', 'queued', 'read', 'sent']);

    const sid2 = newMessageSid();
    fake.nextSids(sid2);
    const r2 = await send({ patient_id: patient.id, body: 'will fail' });
    await eventually(async () => (await message(r2.json().id))?.external_id);
    await hook(
      'status',
      statusParams(channel, sid2, 'undelivered', { ErrorCode: '63016', ErrorMessage: 'Outside window' }),
    );
    await hook('status', statusParams(channel, sid2, 'sent'));
    const f = await eventually(async () => {
      const row = await message(r2.json().id);
      return row?.status_times.sent ? row : null;
    });
    expect(f).toMatchObject({ status: 'undelivered', error_code: '63016', error_message: 'Outside window' });
  });

  it('rejects bad input and other tenants', async () => {
    const patient = await patientWhoWrote('+919811100006');
    for (const payload of [
      {},
      { patient_id: patient.id },
      { patient_id: 'nope', body: 'x' },
      { patient_id: patient.id, body: 'x'.repeat(1601) },
      { patient_id: patient.id, body: 'x', template: { content_sid: `HX${'a'.repeat(32)}` } },
      { patient_id: patient.id, media_urls: ['http://insecure.example/a.jpg'] },
      { patient_id: patient.id, body: 'x', unknown: 1 },
    ]) {
      const res = await send(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await send({ patient_id: patient.id, body: 'x' }, other.keys.staff)).statusCode).toBe(404);
    expect((await send({ patient_id: patient.id, body: 'x' }, clinic.keys.analyst)).statusCode).toBe(403);
  });
});

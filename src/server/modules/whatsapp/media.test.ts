import { eq } from 'drizzle-orm';
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
  postSigned,
  type TestChannel,
} from '../../../../test/helpers/twilio.js';
import { messageMedia, messages, webhookEvents } from '../../platform/db/schema/index.js';

let t: TestContext;
let fake: FakeTwilio;
let clinic: TestTenant;
let other: TestTenant;
let channel: TestChannel;

beforeAll(async () => {
  fake = await startFakeTwilio();
  t = await createTestApp({ TWILIO_API_BASE_URL: fake.url, WHATSAPP_MEDIA_MAX_BYTES: '2048' });
  clinic = await createTenant(t.database);
  other = await createTenant(t.database);
  channel = await createChannel(t, clinic);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});
afterEach(() => expect(t.logs.take()).toEqual([]));

async function inboundWithMedia(urls: string[]) {
  const extra: Record<string, string> = { NumMedia: String(urls.length), MessageType: 'image' };
  urls.forEach((u, i) => {
    extra[`MediaUrl${i}`] = u;
    extra[`MediaContentType${i}`] = 'image/png';
  });
  const p = inboundParams(channel, '+919833300001', extra);
  await postSigned(t, channel, 'webhook', p);
  const m = await eventually(
    async () =>
      (await t.database.db.select().from(messages).where(eq(messages.external_id, p.MessageSid)))[0],
  );
  return Object.assign(
    m.media.map((x) => x.id as string),
    { conversationId: m.conversation_id },
  );
}

const settled = (id: string) =>
  eventually(async () => {
    const [row] = await t.database.db.select().from(messageMedia).where(eq(messageMedia.id, id));
    return row && row.status !== 'pending' ? row : null;
  }, 20_000);

describe('WhatsApp media', () => {
  it('downloads from Twilio with the channel credentials, keeps size limits, and serves staff only', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const ok = fake.addMedia('ME1', 'image/png', png, channel.accountSid, channel.authToken);
    const big = fake.addMedia('ME2', 'image/png', Buffer.alloc(4096), channel.accountSid, channel.authToken);
    const ids = await inboundWithMedia([ok, big]);
    const [id1, id2] = ids;
    expect((await settled(id1 as string)).status).toBe('stored');
    expect(await settled(id2 as string)).toMatchObject({ status: 'failed', error: 'too large' });
    // The thread says which attachments can be shown, so the dashboard asks only for stored ones.
    const thread = await t.app.inject({
      url: `/api/v1/conversations/${ids.conversationId}/messages`,
      headers: bearer(clinic.keys.staff),
    });
    expect(thread.json().data[0].media.map((x: { status: string }) => x.status)).toEqual([
      'stored',
      'failed',
    ]);
    // The CDN hop (after Twilio's redirect) never gets the credentials.
    const cdn = fake.mediaRequests.filter((r) => r.path.startsWith('/cdn/'));
    expect(cdn.length).toBeGreaterThan(0);
    expect(cdn.every((r) => r.auth === undefined)).toBe(true);

    const res = await t.app.inject({
      url: `/api/v1/whatsapp/media/${id1}`,
      headers: bearer(clinic.keys.staff),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.equals(png)).toBe(true);
    expect(
      (await t.app.inject({ url: `/api/v1/whatsapp/media/${id2}`, headers: bearer(clinic.keys.staff) }))
        .statusCode,
    ).toBe(409);
    expect(
      (await t.app.inject({ url: `/api/v1/whatsapp/media/${id1}`, headers: bearer(other.keys.staff) }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/v1/whatsapp/media/${id1}`, headers: bearer(clinic.keys.analyst) }))
        .statusCode,
    ).toBe(403);
  });

  it('never fetches from a host that is not Twilio', async () => {
    const before = fake.mediaRequests.length;
    const [id] = await inboundWithMedia(['https://attacker.example/steal.png']);
    expect(await settled(id as string)).toMatchObject({ status: 'refused' });
    expect(fake.mediaRequests.length).toBe(before);
  });
});

describe('WhatsApp health check', () => {
  it('reports channels and the webhook backlog, degraded when events failed', async () => {
    const ok = await t.app.inject({
      url: '/api/v1/whatsapp/health/check',
      headers: bearer(clinic.keys.analyst),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ok', channels: 1, ledger: { failed: 0 } });
    const none = await t.app.inject({
      url: '/api/v1/whatsapp/health/check',
      headers: bearer(other.keys.staff),
    });
    expect(none.json()).toMatchObject({ status: 'degraded', channels: 0 });
    await t.database.db.insert(webhookEvents).values({
      provider: 'twilio-whatsapp',
      external_id: 'SMbroken',
      tenant_id: clinic.id,
      body: '',
      status: 'failed',
      error: 'boom',
    });
    const bad = await t.app.inject({
      url: '/api/v1/whatsapp/health/check',
      headers: bearer(clinic.keys.staff),
    });
    expect(bad.json()).toMatchObject({ status: 'degraded', ledger: { failed: 1 } });
    expect(bad.json().problems.join(' ')).toContain('replay');
  });
});

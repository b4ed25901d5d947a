import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import {
  callEvents,
  configureVoice,
  newSecret,
  postEvent,
  signatureHeader,
} from '../../../../test/helpers/voice.js';
import {
  patients,
  voiceCalls,
  voiceTranscriptSegments,
  webhookEvents,
} from '../../platform/db/schema/index.js';
import { MAX_UNHINTED_CHANNELS } from './voice-webhook.service.js';

let t: TestContext;
let clinic: TestTenant;
let other: TestTenant;
const oldSecret = newSecret();
const newerSecret = newSecret();
const staticOnly = newSecret();

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  other = await createTenant(t.database);
  await configureVoice(t.app, clinic, {
    secrets: [oldSecret, newerSecret],
    recordingHosts: ['media.voice.test'],
  });
  await configureVoice(t.app, other, { secrets: [staticOnly], acceptStatic: true });
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

async function counts(tenantId: string) {
  const db = t.database.db;
  const n = async (table: typeof voiceCalls | typeof webhookEvents | typeof voiceTranscriptSegments) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(table.tenant_id, tenantId));
    return row?.n ?? 0;
  };
  const [p] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(patients)
    .where(eq(patients.tenant_id, tenantId));
  return {
    calls: await n(voiceCalls),
    ledger: await n(webhookEvents),
    segments: await n(voiceTranscriptSegments),
    patients: p?.n,
  };
}

const expectProblem = (res: { statusCode: number; headers: Record<string, unknown> }, status: number) => {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
};

describe('voice webhook authentication', () => {
  it('refuses an old timestamp, an altered body and a wrong secret with 401, storing nothing', async () => {
    const before = await counts(clinic.id);
    const { started } = callEvents({ caller: '+919812300001' });
    const raw = JSON.stringify(started);
    // The server reads the same frozen clock, so "301 s off" cannot drift to 300 s while the test runs.
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = Math.floor(Date.now() / 1000);
    const attempts: Record<string, string>[] = [
      { 'x-prm-signature': signatureHeader([oldSecret], raw, now - 301) },
      { 'x-prm-signature': signatureHeader([oldSecret], raw, now + 301) },
      { 'x-prm-signature': signatureHeader([oldSecret], raw.replace('+919812300001', '+919812300002')) },
      { 'x-prm-signature': signatureHeader([newSecret()], raw) },
      { 'x-prm-signature': 'garbage' },
      { 'x-prm-signature': `t=${now},v1=${'0'.repeat(64)}` },
      { 'x-webhook-secret': oldSecret }, // this channel does not accept the static header
      { 'x-prm-signature': signatureHeader([oldSecret], raw), 'x-tenant-id': other.id },
      { 'x-prm-signature': signatureHeader([oldSecret], raw), 'x-tenant-id': 'not-a-uuid' },
      {},
    ];
    try {
      for (const headers of attempts) {
        const res = await postEvent(t.app, raw, { headers });
        expectProblem(res, 401);
      }
    } finally {
      vi.useRealTimers();
    }
    expect(await counts(clinic.id)).toEqual(before);
    const [ledger] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents);
    expect(ledger?.n).toBe(0);
  });

  it('accepts both secrets during a rotation, and a header carrying several v1 values', async () => {
    const a = callEvents({ caller: '+919812300011' });
    const b = callEvents({ caller: '+919812300012' });
    const c = callEvents({ caller: '+919812300013' });
    expect((await postEvent(t.app, a.started, { secret: oldSecret })).statusCode).toBe(200);
    expect((await postEvent(t.app, b.started, { secret: newerSecret })).statusCode).toBe(200);
    const raw = JSON.stringify(c.started);
    const res = await postEvent(t.app, raw, {
      headers: {
        'x-prm-signature': signatureHeader([newSecret(), newerSecret], raw),
        'x-tenant-id': clinic.id,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'processed' });
  });

  it('takes the tenant from the verified secret, and accepts the static header where the channel allows it', async () => {
    const e = callEvents({ caller: '+919812300021' });
    const res = await postEvent(t.app, e.started, { headers: { 'x-webhook-secret': staticOnly } });
    expect(res.statusCode).toBe(200);
    const [call] = await t.database.db
      .select()
      .from(voiceCalls)
      .where(eq(voiceCalls.external_call_id, e.call_id));
    expect(call?.tenant_id).toBe(other.id);
    expectProblem(
      await postEvent(t.app, e.started, { headers: { 'x-webhook-secret': `${staticOnly}x` } }),
      401,
    );
  });

  it('a removed secret stops verifying', async () => {
    const temp = newSecret();
    const add = await t.app.inject({
      method: 'POST',
      url: '/api/v1/voice/channel/secrets',
      headers: bearer(clinic.keys.admin),
      payload: { secret: temp },
    });
    const e = callEvents({ caller: '+919812300031' });
    expect((await postEvent(t.app, e.started, { secret: temp })).statusCode).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/voice/channel/secrets/${add.json().id}`,
      headers: bearer(clinic.keys.admin),
    });
    expect(del.statusCode).toBe(204);
    expectProblem(await postEvent(t.app, e.ended, { secret: temp }), 401);
  });

  it('refuses bodies over 4 MB and non-JSON content types before reading them', async () => {
    const before = await counts(clinic.id);
    const huge = JSON.stringify({ pad: 'x'.repeat(4 * 1024 * 1024) });
    expectProblem(await postEvent(t.app, huge, { secret: oldSecret }), 413);
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/voice/webhook',
      headers: { 'content-type': 'text/plain', 'x-prm-signature': signatureHeader([oldSecret], 'hi') },
      payload: 'hi',
    });
    expectProblem(text, 415);
    expect(await counts(clinic.id)).toEqual(before);
  });
});

describe('voice webhook ledger', () => {
  it('keeps the raw event, and a duplicate answers 200 and changes nothing', async () => {
    const e = callEvents({ caller: '+919812300041' });
    const first = await postEvent(t.app, e.ended, { secret: oldSecret });
    expect(first.json()).toMatchObject({ status: 'processed' });
    const before = await counts(clinic.id);
    const again = await postEvent(t.app, { ...e.ended, duration_seconds: 999 }, { secret: oldSecret });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ status: 'duplicate', call_id: null });
    expect(await counts(clinic.id)).toEqual(before);
    const [call] = await t.database.db
      .select()
      .from(voiceCalls)
      .where(eq(voiceCalls.external_call_id, e.call_id));
    expect(call?.duration_seconds).toBe(184);
    const [raw] = await t.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.external_id, `${clinic.id}/${e.ended.event_id}`));
    expect(raw).toMatchObject({ provider: 'voice', status: 'processed', event_type: 'call.ended' });
    expect(JSON.parse(raw?.body ?? '{}')).toEqual(e.ended);
    expect(raw?.headers['x-prm-signature']).toMatch(/^t=\d+,v1=/);
  });

  it('the same event_id from two organisations is two events', async () => {
    const e = callEvents({ caller: '+919812300051', callId: 'call_shared_id' });
    expect((await postEvent(t.app, e.started, { secret: oldSecret })).json().status).toBe('processed');
    const res = await postEvent(t.app, e.started, { headers: { 'x-webhook-secret': staticOnly } });
    expect(res.json().status).toBe('processed');
  });

  const bad: [string, (e: ReturnType<typeof callEvents>) => unknown, string][] = [
    ['wrong types', (e) => ({ ...e.ended, duration_seconds: 'long' }), 'body.duration_seconds'],
    ['missing call_id', (e) => ({ ...e.started, call_id: undefined }), 'body.call_id'],
    [
      'a 1 MB transcript',
      (e) => ({ ...e.ended, transcript: [{ speaker: 'caller', text: 'é'.repeat(1024 * 1024) }] }),
      'body.transcript.0.text',
    ],
    [
      'a transcript over the total limit',
      (e) => ({
        ...e.ended,
        transcript: Array.from({ length: 30 }, () => ({ speaker: 'agent', text: 'x'.repeat(9000) })),
      }),
      'body.transcript',
    ],
    ['an invalid phone', (e) => ({ ...e.started, from: '12345' }), 'body.from'],
    ['an unknown event', (e) => ({ ...e.started, event: 'call.exploded' }), 'body.event'],
    ['a started event without direction', (e) => ({ ...e.started, direction: undefined }), 'body.direction'],
    ['an empty body', () => '', 'body'],
    ['malformed JSON', () => '{"event":', 'body'],
    ['a NUL character', (e) => ({ ...e.started, agent: { id: 'a\u0000b' } }), 'body'],
    [
      'a bad booking practitioner',
      (e) => ({
        ...e.analyzed,
        analysis: { outcome: 'appointment_booked', booking: { practitioner_id: 'dr-who' } },
      }),
      'body.analysis.booking.practitioner_id',
    ],
  ];
  it.each(bad)(
    'answers %s with 400, keeping only the raw ledger row marked invalid',
    async (_name, make, field) => {
      const e = callEvents({ caller: '+919812300061' });
      const before = await counts(clinic.id);
      const payload = make(e);
      const res = await postEvent(t.app, payload, { secret: oldSecret });
      expectProblem(res, 400);
      expect(res.json().errors).toContainEqual(expect.objectContaining({ field }));
      const after = await counts(clinic.id);
      expect(after).toEqual({ ...before, ledger: before.ledger + 1 });
      const [row] = await t.database.db
        .select()
        .from(webhookEvents)
        .where(sql`${webhookEvents.external_id} like ${`${clinic.id}/invalid/%`}`)
        .orderBy(sql`${webhookEvents.received_at} desc`)
        .limit(1);
      expect(row?.status).toBe('invalid');
      expect(row?.error).toContain(field);
    },
  );
});

describe('voice webhook with many organisations', () => {
  it('requires x-tenant-id once trying every channel’s secrets would be too costly', async () => {
    for (let i = 0; i < MAX_UNHINTED_CHANNELS; i++) {
      await configureVoice(t.app, await createTenant(t.database), { secrets: [newSecret()] });
    }
    const e = callEvents({ caller: '+919812300071' });
    const res = await postEvent(t.app, e.started, { secret: oldSecret });
    expectProblem(res, 401);
    expect(res.json().detail).toContain('x-tenant-id');
    const raw = JSON.stringify(e.started);
    const hinted = await postEvent(t.app, raw, {
      headers: { 'x-prm-signature': signatureHeader([oldSecret], raw), 'x-tenant-id': clinic.id },
    });
    expect(hinted.statusCode).toBe(200);
    // A static secret is found by its fingerprint, so it needs no hint however many channels there are.
    const other = await postEvent(t.app, callEvents({ caller: '+919812300072' }).started, {
      headers: { 'x-webhook-secret': staticOnly },
    });
    expect(other.statusCode).toBe(200);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import { auditLog, patients, voiceChannels } from '../../platform/db/schema/index.js';
import { type DomainEvent, subscribeEvents } from '../../platform/events/bus.js';

let t: TestContext;
let clinic: TestTenant;
let other: TestTenant;
let practitionerId: string;
const secret = newSecret();
const otherSecret = newSecret();

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  other = await createTenant(t.database);
  await configureVoice(t.app, clinic, { secrets: [secret] });
  await configureVoice(t.app, other, { secrets: [otherSecret] });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/practitioners',
    headers: bearer(clinic.keys.admin),
    payload: { name: 'Dr. Anjali Menon' },
  });
  practitionerId = res.json().id;
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const get = (url: string, key = clinic.keys.staff) => t.app.inject({ url, headers: bearer(key) });

async function deliverCall(
  e: ReturnType<typeof callEvents>,
  overrides: { started?: object; analyzed?: object } = {},
  key = secret,
) {
  for (const ev of [
    { ...e.started, ...overrides.started },
    e.ended,
    { ...e.analyzed, ...overrides.analyzed },
  ])
    expect((await postEvent(t.app, ev, { secret: key })).statusCode).toBe(200);
}

describe('voice channel configuration', () => {
  it('is admin-only and never shows a secret, only its fingerprint', async () => {
    const res = await get('/api/v1/voice/channel', clinic.keys.admin);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      tenant_id: clinic.id,
      accept_static_secret: false,
      webhook_url: expect.stringMatching(/\/api\/v1\/voice\/webhook$/),
    });
    expect(body.secrets).toHaveLength(1);
    expect(res.body).not.toContain(secret);
    expect(body.secrets[0].fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect((await get('/api/v1/voice/channel', clinic.keys.staff)).statusCode).toBe(403);
    const add = await t.app.inject({
      method: 'POST',
      url: '/api/v1/voice/channel/secrets',
      headers: bearer(clinic.keys.admin),
      payload: { secret: newSecret() },
    });
    expect(add.statusCode).toBe(201);
    expect(Object.keys(add.json()).sort()).toEqual(['created_at', 'fingerprint', 'id']);
  });

  it('stores a secret encrypted: the database row holds neither it nor its base64', async () => {
    const [row] = await t.database.db
      .select()
      .from(voiceChannels)
      .where(eq(voiceChannels.tenant_id, clinic.id));
    const stored = JSON.stringify(row?.secrets);
    expect(row?.secrets[0]?.sealed).toMatch(/^v1:/);
    for (const form of [secret, Buffer.from(secret).toString('base64')]) expect(stored).not.toContain(form);
    // Every webhook test verifies against secrets added like this one: opening them is covered there.
  });

  it('skips a secret stored in clear before sealing, and lets its admin replace it', async () => {
    const legacy = await createTenant(t.database);
    const clear = newSecret();
    const entry = {
      id: '0193a0c4-5b6e-7c2d-9f10-2b3c4d5e6f71',
      value: clear,
      fingerprint: 'abc',
      created_at: '',
    };
    await t.database.db.insert(voiceChannels).values({ tenant_id: legacy.id, secrets: [entry as never] });
    const event = callEvents({ caller: '+919800011122' }).started;
    const headers = {
      'x-prm-signature': signatureHeader([clear], JSON.stringify(event)),
      'x-tenant-id': legacy.id,
    };
    expect((await postEvent(t.app, event, { headers })).statusCode).toBe(401);
    const add = await t.app.inject({
      method: 'POST',
      url: '/api/v1/voice/channel/secrets',
      headers: bearer(legacy.keys.admin),
      payload: { secret: clear },
    });
    expect(add.statusCode).toBe(201);
    expect((await postEvent(t.app, event, { headers })).statusCode).toBe(200);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/voice/channel/secrets/${entry.id}`,
      headers: bearer(legacy.keys.admin),
    });
    expect(removed.statusCode).toBe(204);
  });

  it('refuses weak, duplicate, too many and unknown-field secrets with 4xx problems', async () => {
    const post = (payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/voice/channel/secrets',
        headers: bearer(other.keys.admin),
        payload: payload as object,
      });
    expect((await post({ secret: 'short' })).statusCode).toBe(400);
    expect((await post({ secret: `${'x'.repeat(40)} space` })).statusCode).toBe(400);
    expect((await post({ secret: newSecret(), extra: 1 })).statusCode).toBe(400);
    expect((await post({ secret: otherSecret })).json().type).toContain('duplicate_secret');
    for (let i = 0; i < 4; i++) expect((await post({ secret: newSecret() })).statusCode).toBe(201);
    const tooMany = await post({ secret: newSecret() });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().type).toContain('too_many_secrets');
    const hosts = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/voice/channel',
      headers: bearer(other.keys.admin),
      payload: { recording_hosts: ['https://not-a-host/'] },
    });
    expect(hosts.statusCode).toBe(400);
    const missing = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/voice/channel/secrets/0193a0c4-5b6e-7c2d-9f10-2b3c4d5e6f70',
      headers: bearer(other.keys.admin),
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('call history', () => {
  it('lists with filters and cursor pagination, newest first', async () => {
    const caller = '+919833300001';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = callEvents({ caller });
      const at = `2026-10-0${i + 1}T09:00:00Z`;
      await deliverCall(e, {
        started: {
          started_at: at,
          direction: i % 2 ? 'outbound' : 'inbound',
          ...(i % 2 ? { from: '+918045678900', to: caller } : {}),
          agent: { id: i < 3 ? 'agent_a' : 'agent_b', name: 'Agent' },
        },
        analyzed: { analysis: { outcome: i === 4 ? 'transferred_to_staff' : 'information_given' } },
      });
      ids.push(e.call_id);
    }
    const [patient] = await t.database.db
      .select()
      .from(patients)
      .where(and(eq(patients.tenant_id, clinic.id), eq(patients.phone, caller)));
    const base = `/api/v1/voice/calls?patient_id=${patient?.id}`;
    const all = (await get(base)).json().data;
    expect(all.map((c: { started_at: string }) => c.started_at.slice(0, 10))).toEqual([
      '2026-10-05',
      '2026-10-04',
      '2026-10-03',
      '2026-10-02',
      '2026-10-01',
    ]);
    expect(all[0]).toMatchObject({ patient_name: 'Unknown caller', from_number: caller });
    expect(all[0].transcript).toBeUndefined();

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`${base}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...res.json().data.map((c: { id: string }) => c.id));
      cursor = res.json().next_cursor;
    } while (cursor);
    expect(pages).toEqual(all.map((c: { id: string }) => c.id));

    const count = async (q: string) => (await get(`${base}&${q}`)).json().data.length;
    expect(await count('direction=outbound')).toBe(2);
    expect(await count('agent_id=agent_b')).toBe(2);
    expect(await count('outcome=transferred_to_staff')).toBe(1);
    expect(await count('from=2026-10-02T00:00:00Z&to=2026-10-04T00:00:00Z')).toBe(2);
    expect((await get(`${base}&from=2026-10-04T00:00:00Z&to=2026-10-02T00:00:00Z`)).statusCode).toBe(400);
    expect((await get(`${base}&direction=sideways`)).statusCode).toBe(400);
    expect((await get(`${base}&cursor=nonsense`)).statusCode).toBe(400);
  });

  it('shows a call with its transcript and linked appointment, audits the read, and hides it from others', async () => {
    const start = '2027-03-01T04:00:00.000Z';
    const e = callEvents({ caller: '+919833300002', booking: { practitioner_id: practitionerId, start } });
    await deliverCall(e);
    const list = (await get('/api/v1/voice/calls?outcome=appointment_booked')).json().data;
    const id = list.find((c: { external_call_id: string }) => c.external_call_id === e.call_id).id;
    const res = await get(`/api/v1/voice/calls/${id}`);
    expect(res.statusCode).toBe(200);
    const call = res.json();
    expect(call.transcript.map((s: { speaker: string }) => s.speaker)).toEqual(['agent', 'caller', 'caller']);
    expect(call.appointment).toMatchObject({
      starts_at: start,
      source: 'voice',
      practitioner_name: 'Dr. Anjali Menon',
    });
    expect(call.booking).toMatchObject({ practitioner_id: practitionerId });
    expect(call.merge_state).toBeUndefined();
    const byAppointment = (await get(`/api/v1/voice/calls?appointment_id=${call.appointment_id}`)).json()
      .data;
    expect(byAppointment.map((c: { id: string }) => c.id)).toEqual([id]);

    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenant_id, clinic.id), eq(auditLog.entity_id, id)));
    expect(audits.map((a) => `${a.actor_type}:${a.action}`)).toEqual(
      expect.arrayContaining(['webhook:create', 'webhook:update', 'api_key:list', 'api_key:read']),
    );

    expect((await get(`/api/v1/voice/calls/${id}`, other.keys.staff)).statusCode).toBe(404);
    expect((await get('/api/v1/voice/calls', other.keys.staff)).json().data).toEqual([]);
    expect((await get(`/api/v1/voice/calls/${id}`, clinic.keys.analyst)).statusCode).toBe(403);
    expect((await get('/api/v1/voice/calls', clinic.keys.analyst)).statusCode).toBe(403);
  });

  it('identifies a returning caller as the same patient, and never a merged one', async () => {
    const caller = '+919833300003';
    const first = callEvents({ caller });
    await deliverCall(first);
    const second = callEvents({ caller });
    await deliverCall(second);
    const calls = (await get(`/api/v1/voice/calls?limit=200`))
      .json()
      .data.filter((c: { from_number: string }) => c.from_number === caller);
    expect(new Set(calls.map((c: { patient_id: string }) => c.patient_id)).size).toBe(1);

    const survivor = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: bearer(clinic.keys.staff),
      payload: { full_name: 'Ravi Kumar' },
    });
    const merged = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${survivor.json().id}/merge`,
      headers: bearer(clinic.keys.staff),
      payload: { duplicate_id: calls[0].patient_id },
    });
    expect(merged.statusCode).toBe(200);
    const third = callEvents({ caller });
    await deliverCall(third);
    const latest = (await get(`/api/v1/voice/calls?patient_id=${survivor.json().id}`)).json().data;
    expect(latest.map((c: { external_call_id: string }) => c.external_call_id).sort()).toEqual(
      [first.call_id, second.call_id, third.call_id].sort(),
    );
  });

  it('publishes call.updated with ids only, on commit', async () => {
    const heard: DomainEvent[] = [];
    const e = callEvents({ caller: '+919833300004' });
    let resolve: () => void = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    const unsubscribe = await subscribeEvents(t.database, (ev) => {
      if (ev.type === 'call.updated' && ev.tenant_id === clinic.id) heard.push(ev);
      if (heard.length === 3) resolve();
    });
    try {
      await deliverCall(e);
      await Promise.race([
        done,
        new Promise((_, reject) => setTimeout(() => reject(new Error('no call.updated events')), 5000)),
      ]);
    } finally {
      await unsubscribe();
    }
    expect(heard.map((h) => Object.keys(h.data).sort())).toEqual(
      Array(3).fill(['appointment_id', 'booking_status', 'id', 'outcome']),
    );
    expect(JSON.stringify(heard)).not.toContain('+919833300004');
    expect(heard[2]?.data).toMatchObject({ outcome: 'information_given', booking_status: 'none' });
  });

  it('publishes the webhook contract with an example in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json();
    const op = doc.paths['/api/v1/voice/webhook'].post;
    const schema = op.requestBody.content['application/json'].schema;
    expect(schema.properties.event.enum).toEqual(['call.started', 'call.ended', 'call.analyzed']);
    expect(schema.example.event).toBe('call.analyzed');
    expect(op.parameters.map((p: { name: string }) => p.name)).toContain('x-prm-signature');
    expect(op.security).toEqual([]);
  });
});

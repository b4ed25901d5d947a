import { and, asc, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { callEvents, configureVoice, newSecret, postEvent } from '../../../../test/helpers/voice.js';
import { appointments, voiceCalls, voiceTranscriptSegments } from '../../platform/db/schema/index.js';

let t: TestContext;
let clinic: TestTenant;
let practitionerId: string;
const secret = newSecret();

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  await configureVoice(t.app, clinic, { secrets: [secret], recordingHosts: ['media.voice.test'] });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/practitioners',
    headers: bearer(clinic.keys.admin),
    payload: { name: 'Dr. Meera Iyer', specialty: 'Cardiology' },
  });
  practitionerId = res.json().id;
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

type Events = ReturnType<typeof callEvents>;
const KINDS = ['started', 'ended', 'analyzed'] as const;

/** Every event once, some twice, in any order. */
const deliveries = fc.array(fc.constantFrom(...KINDS), { maxLength: 3 }).chain((dups) => {
  const all = [...KINDS, ...dups];
  return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
});

async function deliver(events: Events, order: readonly (typeof KINDS)[number][]) {
  for (const kind of order) {
    const res = await postEvent(t.app, events[kind], { secret });
    expect(res.statusCode).toBe(200);
  }
}

/** The call as a user sees it, without what necessarily differs between two calls (ids, times of arrival). */
async function finalRecord(callId: string) {
  const [call] = await t.database.db
    .select()
    .from(voiceCalls)
    .where(and(eq(voiceCalls.tenant_id, clinic.id), eq(voiceCalls.external_call_id, callId)));
  if (!call) throw new Error(`no call ${callId}`);
  const transcript = await t.database.db
    .select({
      seq: voiceTranscriptSegments.seq,
      speaker: voiceTranscriptSegments.speaker,
      text: voiceTranscriptSegments.text,
      start_ms: voiceTranscriptSegments.start_ms,
      end_ms: voiceTranscriptSegments.end_ms,
    })
    .from(voiceTranscriptSegments)
    .where(eq(voiceTranscriptSegments.call_id, call.id))
    .orderBy(asc(voiceTranscriptSegments.seq));
  const { id, external_call_id, created_at, updated_at, merge_state, appointment_id, booking, ...rest } =
    call;
  return { call: rest, transcript, raw: call };
}

describe('call merge', () => {
  it('in order, each field comes from the event that owns it', async () => {
    const e = callEvents({ caller: '+919811100000' });
    await deliver(e, KINDS);
    const { call, transcript } = await finalRecord(e.call_id);
    expect(call).toMatchObject({
      direction: 'inbound',
      from_number: '+919811100000',
      to_number: '+918045678900',
      agent_name: 'Front desk',
      duration_seconds: 184,
      end_reason: 'completed',
      recording_url: 'https://media.voice.test/rec/1.mp3',
      summary: 'Caller asked for a cardiology appointment.',
      sentiment: 'positive',
      outcome: 'information_given',
      metadata: { queue: 'analysis', ended_only: true },
      booking_status: 'none',
    });
    expect(call.started_at?.toISOString()).toBe('2026-11-20T10:15:00.000Z');
    expect(call.patient_id).toBeTruthy();
    expect(transcript.map((s) => s.text)).toEqual([
      'Namaste, Sunrise Health. How can I help?',
      'I want to see the cardiologist.',
      'कल सुबह ठीक रहेगा 🙏',
    ]);
  });

  it('drops a recording URL from a host the channel does not allow', async () => {
    const e = callEvents({ caller: '+919811100001' });
    await deliver(e, ['ended']);
    const other = { ...e.ended, event_id: 'evt_other_host', recording_url: 'https://evil.test/x.mp3' };
    await postEvent(t.app, { ...other, occurred_at: '2026-11-20T11:00:00Z' }, { secret });
    expect((await finalRecord(e.call_id)).call.recording_url).toBe('https://media.voice.test/rec/1.mp3');
  });

  it('any order, with duplicates, gives the record of the in-order delivery', async () => {
    const reference = callEvents({ caller: '+919811100002' });
    await deliver(reference, KINDS);
    const expected = await finalRecord(reference.call_id);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(deliveries, async (order) => {
        const e = callEvents({ caller: '+919811100002', callId: `call_perm_${++run}` });
        await deliver(e, order);
        const got = await finalRecord(e.call_id);
        expect(got.call).toEqual(expected.call);
        expect(got.transcript).toEqual(expected.transcript);
      }),
      { numRuns: 30 },
    );
  });

  it('any order books exactly one appointment, once the caller is known', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(deliveries, async (order) => {
        run++;
        const start = new Date(Date.UTC(2027, 0, 4, 3, 30) + run * 30 * 60_000).toISOString();
        const e = callEvents({
          caller: '+919811100003',
          callId: `call_book_${run}`,
          booking: { practitioner_id: practitionerId, start, duration_minutes: 15, reason: 'Check-up' },
        });
        await deliver(e, order);
        const { raw } = await finalRecord(e.call_id);
        expect(raw.booking_status).toBe('booked');
        const booked = await t.database.db
          .select()
          .from(appointments)
          .where(and(eq(appointments.tenant_id, clinic.id), eq(appointments.starts_at, new Date(start))));
        expect(booked).toHaveLength(1);
        expect(booked[0]).toMatchObject({
          id: raw.appointment_id,
          source: 'voice',
          patient_id: raw.patient_id,
        });
      }),
      { numRuns: 15 },
    );
    const [n] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(appointments)
      .where(eq(appointments.tenant_id, clinic.id));
    expect(n?.n).toBe(run);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { callEvents, configureVoice, newSecret, postEvent } from '../../../../test/helpers/voice.js';
import { appointments, voiceCalls } from '../../platform/db/schema/index.js';

let t: TestContext;
let clinic: TestTenant;
let practitionerId: string;
const secret = newSecret();
let slot = 0;
/** A fresh 15-minute slot per test, so tests never clash with each other by accident. */
const nextSlot = () => new Date(Date.UTC(2027, 1, 1, 4, 0) + ++slot * 60 * 60_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  await configureVoice(t.app, clinic, { secrets: [secret] });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/practitioners',
    headers: bearer(clinic.keys.admin),
    payload: { name: 'Dr. Kabir Rao', specialty: 'Cardiology' },
  });
  practitionerId = res.json().id;
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

async function callRow(callId: string) {
  const [row] = await t.database.db
    .select()
    .from(voiceCalls)
    .where(and(eq(voiceCalls.tenant_id, clinic.id), eq(voiceCalls.external_call_id, callId)));
  if (!row) throw new Error(`no call ${callId}`);
  return row;
}

const appointmentsAt = (start: string) =>
  t.database.db
    .select()
    .from(appointments)
    .where(and(eq(appointments.tenant_id, clinic.id), eq(appointments.starts_at, new Date(start))));

async function startAndEnd(e: ReturnType<typeof callEvents>) {
  for (const ev of [e.started, e.ended])
    expect((await postEvent(t.app, ev, { secret })).statusCode).toBe(200);
}

describe('voice bookings', () => {
  it('books once when the same call.analyzed arrives three times at once', async () => {
    const start = nextSlot();
    const e = callEvents({ caller: '+919822200001', booking: { practitioner_id: practitionerId, start } });
    await startAndEnd(e);
    const answers = await Promise.all([1, 2, 3].map(() => postEvent(t.app, e.analyzed, { secret })));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(answers.map((r) => r.json().status).sort()).toEqual(['duplicate', 'duplicate', 'processed']);
    const booked = await appointmentsAt(start);
    expect(booked).toHaveLength(1);
    const call = await callRow(e.call_id);
    expect(call).toMatchObject({ booking_status: 'booked', appointment_id: booked[0]?.id });
    expect(booked[0]).toMatchObject({ source: 'voice', patient_id: call.patient_id, duration_minutes: 15 });
  });

  it('books once when three re-analyses with different event ids arrive at once', async () => {
    const start = nextSlot();
    const e = callEvents({ caller: '+919822200002', booking: { practitioner_id: practitionerId, start } });
    await startAndEnd(e);
    const answers = await Promise.all(
      [1, 2, 3].map((i) =>
        postEvent(t.app, { ...e.analyzed, event_id: `${e.analyzed.event_id}_${i}` }, { secret }),
      ),
    );
    expect(answers.map((r) => r.json().status)).toEqual(['processed', 'processed', 'processed']);
    expect(await appointmentsAt(start)).toHaveLength(1);
    expect((await callRow(e.call_id)).booking_status).toBe('booked');
  });

  it('a clashing booking creates no appointment and marks the call booking_failed with the reason', async () => {
    const start = nextSlot();
    const first = callEvents({
      caller: '+919822200003',
      booking: { practitioner_id: practitionerId, start },
    });
    const second = callEvents({
      caller: '+919822200004',
      booking: { practitioner_id: practitionerId, start, duration_minutes: 30 },
    });
    await startAndEnd(first);
    await startAndEnd(second);
    const answers = await Promise.all([first, second].map((e) => postEvent(t.app, e.analyzed, { secret })));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    const booked = await appointmentsAt(start);
    expect(booked).toHaveLength(1);
    const calls = [await callRow(first.call_id), await callRow(second.call_id)];
    expect(calls.map((c) => c.booking_status).sort()).toEqual(['booked', 'booking_failed']);
    const failed = calls.find((c) => c.booking_status === 'booking_failed');
    expect(failed?.appointment_id).toBeNull();
    expect(failed?.booking_error).toMatch(/already has an appointment/);
    const list = await t.app.inject({
      url: '/api/v1/voice/calls?booking_status=booking_failed',
      headers: bearer(clinic.keys.staff),
    });
    expect(list.json().data.map((c: { id: string }) => c.id)).toContain(failed?.id);
  });

  it('an unknown practitioner or a booking without a time fails with a reason, not a 500', async () => {
    const noTime = callEvents({ caller: '+919822200005', booking: { practitioner_id: practitionerId } });
    const stranger = callEvents({
      caller: '+919822200006',
      booking: { practitioner_id: '0193a0c4-5b6e-7c2d-9f10-2b3c4d5e6f70', start: nextSlot() },
    });
    for (const e of [noTime, stranger]) {
      await startAndEnd(e);
      expect((await postEvent(t.app, e.analyzed, { secret })).statusCode).toBe(200);
    }
    expect((await callRow(noTime.call_id)).booking_error).toMatch(/no practitioner or no start/);
    expect((await callRow(stranger.call_id)).booking_error).toBe('Practitioner not found');
  });

  it('reschedules and cancels the referenced appointment of the caller, and no one else’s', async () => {
    const start = nextSlot();
    const book = callEvents({ caller: '+919822200007', booking: { practitioner_id: practitionerId, start } });
    await startAndEnd(book);
    await postEvent(t.app, book.analyzed, { secret });
    const appointmentId = (await callRow(book.call_id)).appointment_id as string;

    const moveTo = nextSlot();
    const move = callEvents({ caller: '+919822200007' });
    await startAndEnd(move);
    await postEvent(
      t.app,
      {
        ...move.analyzed,
        analysis: {
          outcome: 'appointment_rescheduled',
          booking: { appointment_id: appointmentId, start: moveTo },
        },
      },
      { secret },
    );
    expect(await callRow(move.call_id)).toMatchObject({
      booking_status: 'rescheduled',
      appointment_id: appointmentId,
    });
    expect((await appointmentsAt(moveTo)).map((a) => a.id)).toEqual([appointmentId]);

    const intruder = callEvents({ caller: '+919822200008' });
    await startAndEnd(intruder);
    await postEvent(
      t.app,
      {
        ...intruder.analyzed,
        analysis: { outcome: 'appointment_cancelled', booking: { appointment_id: appointmentId } },
      },
      { secret },
    );
    expect(await callRow(intruder.call_id)).toMatchObject({
      booking_status: 'booking_failed',
      booking_error: 'Appointment not found',
    });

    const cancel = callEvents({ caller: '+919822200007' });
    await startAndEnd(cancel);
    await postEvent(
      t.app,
      {
        ...cancel.analyzed,
        analysis: { outcome: 'appointment_cancelled', booking: { appointment_id: appointmentId } },
      },
      { secret },
    );
    expect((await callRow(cancel.call_id)).booking_status).toBe('cancelled');
    const [appt] = await appointmentsAt(moveTo);
    expect(appt).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Cancelled by the caller on a voice call',
    });
  });
});

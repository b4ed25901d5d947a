import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, setupSuite } from '../../../../test/helpers/app.js';
import { apiAs, setupFixtures } from '../../../../test/helpers/fixtures.js';
import { transitionError } from './appointment-lifecycle.js';

const t = setupSuite();
const fx = setupFixtures(t);
let api: ReturnType<typeof apiAs>;
beforeAll(() => {
  api = apiAs(t.app, t.tenant.keys.staff);
});

let slot = 0;
/** A fresh future quarter-hour, so tests do not collide with each other's bookings. */
const nextSlot = () => new Date(fx.f.startsAt.getTime() + 86_400_000 + ++slot * 3_600_000);

const book = (startsAt: Date, extra: object = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/appointments',
    headers: bearer(t.tenant.keys.staff),
    payload: {
      patient_id: fx.f.patient.id,
      practitioner_id: fx.f.practitioner.id,
      starts_at: startsAt.toISOString(),
      ...extra,
    },
  });

const setStatus = (id: string, status: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/appointments/${id}/status`,
    headers: bearer(t.tenant.keys.staff),
    payload: { status },
  });

describe('appointment lifecycle', () => {
  it('walks booked → confirmed → checked_in → completed with a timestamp per step', async () => {
    const a = (await book(nextSlot())).json();
    expect(a).toMatchObject({ status: 'booked', duration_minutes: 15, patient_name: 'Kavya Rao' });
    for (const s of ['confirmed', 'checked_in', 'completed'])
      expect((await setStatus(a.id, s)).statusCode).toBe(200);
    const done = await api<Record<string, string | null>>('GET', `/api/v1/appointments/${a.id}`);
    expect(done.status).toBe('completed');
    expect(done.confirmed_at && done.checked_in_at && done.completed_at).toBeTruthy();
  });

  it('refuses illegal transitions with 409 and the reason', async () => {
    const a = (await book(nextSlot())).json();
    const skip = await setStatus(a.id, 'completed');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().detail).toContain('can only become');
    const early = await setStatus(a.id, 'no_show');
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('once the appointment has started');
    expect((await setStatus(a.id, 'cancelled')).statusCode).toBe(200);
    const after = await setStatus(a.id, 'confirmed');
    expect(after.statusCode).toBe(409);
    expect(after.json().detail).toContain('final');
  });

  it('knows every rule of the state machine', () => {
    const past = new Date(0);
    const now = new Date();
    expect(transitionError('booked', 'no_show', past, now)).toBeNull();
    expect(transitionError('checked_in', 'no_show', past, now)).not.toBeNull();
    expect(transitionError('confirmed', 'confirmed', past, now)).toContain('already');
    expect(transitionError('no_show', 'completed', past, now)).toContain('final');
  });
});

describe('double booking', () => {
  it('refuses an overlapping slot and accepts an adjacent one', async () => {
    const at = nextSlot();
    expect((await book(at, { duration_minutes: 30 })).statusCode).toBe(201);
    const overlap = await book(new Date(at.getTime() + 15 * 60_000));
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().type).toContain('slot_unavailable');
    expect((await book(new Date(at.getTime() + 30 * 60_000))).statusCode).toBe(201);
  });

  it('frees the slot when an appointment is cancelled', async () => {
    const at = nextSlot();
    const first = (await book(at)).json();
    expect((await setStatus(first.id, 'cancelled')).statusCode).toBe(200);
    expect((await book(at)).statusCode).toBe(201);
  });

  it('gives exactly one of many concurrent bookings of one slot', async () => {
    const at = nextSlot();
    const results = await Promise.all(Array.from({ length: 8 }, () => book(at)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('checks clashes on reschedule, excluding the appointment itself, and asks for re-confirmation', async () => {
    const at = nextSlot();
    const a = (await book(at)).json();
    const b = (await book(new Date(at.getTime() + 15 * 60_000))).json();
    expect((await setStatus(b.id, 'confirmed')).statusCode).toBe(200);
    const clash = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/appointments/${b.id}`,
      headers: bearer(t.tenant.keys.staff),
      payload: { starts_at: at.toISOString() },
    });
    expect(clash.statusCode).toBe(409);
    const longer = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/appointments/${a.id}`,
      headers: bearer(t.tenant.keys.staff),
      payload: { reason: 'Knee pain' },
    });
    expect(longer.statusCode).toBe(200);
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/appointments/${b.id}`,
      headers: bearer(t.tenant.keys.staff),
      payload: { starts_at: new Date(at.getTime() + 60 * 60_000).toISOString() },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'booked', confirmed_at: null });
  });
});

describe('listing', () => {
  it('pages through a practitioner’s day in start order with a cursor', async () => {
    const dayStart = new Date(fx.f.startsAt.getTime() + 40 * 86_400_000);
    for (let i = 0; i < 5; i++)
      expect((await book(new Date(dayStart.getTime() + i * 20 * 60_000))).statusCode).toBe(201);
    const q = `from=${dayStart.toISOString()}&to=${new Date(dayStart.getTime() + 86_400_000).toISOString()}&practitioner_id=${fx.f.practitioner.id}&limit=2`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/v1/appointments?${q}${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: { starts_at: string }[]; next_cursor: string | null } = await api('GET', url);
      seen.push(...page.data.map((x) => x.starts_at));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual(seen);
  });
});

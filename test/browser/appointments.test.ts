import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { appointments, practitioners } from '../../src/server/platform/db/schema/index.js';
import { apiAs, DESKTOP, openPage, screenshot, setupBrowserSuite, signIn } from './harness.js';

const suite = setupBrowserSuite();

const dayIn = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );
const timeIn = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);

it('books an appointment, confirms it on the server, and shows the reason when a move is refused', async () => {
  const api = await apiAs(suite.server, suite.server.emails.staff as string);
  const me = (await api('GET', '/auth/me')).body;
  const tz: string = me.organization.time_zone;
  const patient = (await api('GET', '/patients?limit=1')).body.data[0];
  const [practitioner] = await suite.server.database.db
    .select()
    .from(practitioners)
    .where(eq(practitioners.active, true))
    .limit(1);
  if (!practitioner || !patient) throw new Error('seed incomplete');
  const tomorrow = dayIn(new Date(Date.now() + 86_400_000), tz);

  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  p.expectFailure(409, '/api/v1/appointments');
  await signIn(p.page, suite.server.emails.staff as string);
  await p.page.getByRole('link', { name: 'New appointment' }).click();
  await p.page.getByLabel('Search by name or phone').fill(patient.full_name);
  await p.page
    .getByRole('radio', { name: new RegExp(patient.full_name) })
    .first()
    .click();
  await p.page.getByLabel('Practitioner').selectOption(practitioner.id);
  await p.page.getByLabel('Date').fill(tomorrow);
  await p.page.getByLabel(/^Time/).fill('20:00');
  await p.page.getByLabel('Reason (optional)').fill('Browser test: follow-up');
  await p.page.getByRole('button', { name: 'Book appointment' }).click();
  await p.page.waitForURL(/\/appointments\?date=/);

  const [booked] = await suite.server.database.db
    .select()
    .from(appointments)
    .where(and(eq(appointments.patient_id, patient.id), eq(appointments.reason, 'Browser test: follow-up')));
  if (!booked) throw new Error('the booking did not reach the server');
  expect(booked.practitioner_id).toBe(practitioner.id);
  expect([dayIn(booked.starts_at, tz), timeIn(booked.starts_at, tz)]).toEqual([tomorrow, '20:00']);
  expect(booked.status).toBe('booked');

  const row = p.page.locator(`[data-appointment-id="${booked.id}"]`);
  await row.waitFor();
  // The lifecycle offers what the server allows: no no-show before the appointment has started.
  expect(await row.getByRole('button').allTextContents()).toEqual(['Confirm', 'Check in', 'Cancel']);
  await screenshot(p.page, 'appointments-after-booking-desktop');

  await row.getByRole('button', { name: 'Confirm' }).click();
  await expect.poll(() => row.getAttribute('data-status')).toBe('confirmed');
  const [confirmed] = await suite.server.database.db
    .select()
    .from(appointments)
    .where(eq(appointments.id, booked.id));
  expect(confirmed?.status).toBe('confirmed');

  // Someone else cancels it meanwhile; this page still shows it confirmed and offers Check in.
  expect((await api('POST', `/appointments/${booked.id}/status`, { status: 'cancelled' })).status).toBe(200);
  p.expectFailure(409, `/api/v1/appointments/${booked.id}/status`);
  await row.getByRole('button', { name: 'Check in' }).click();
  const alert = row.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toBe('A cancelled appointment is final and cannot change');
  await expect.poll(() => row.getAttribute('data-status')).toBe('cancelled');
  expect(await row.getByRole('button').count()).toBe(0);
  await screenshot(p.page, 'appointments-refused-desktop');

  // The same slot cannot be booked twice: the server's reason is shown on the form.
  await api('POST', '/appointments', {
    patient_id: patient.id,
    practitioner_id: practitioner.id,
    starts_at: booked.starts_at.toISOString(),
    duration_minutes: 15,
  });
  await p.page.goto(
    `/appointments/new?patient=${patient.id}&practitioner=${practitioner.id}&date=${tomorrow}`,
  );
  await p.page.getByTestId('picked-patient').waitFor();
  await p.page.getByLabel(/^Time/).fill('20:00');
  await p.page.getByRole('button', { name: 'Book appointment' }).click();
  const refusal = p.page.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain('The practitioner already has an appointment');
  p.assertNoConsoleErrors();
  await p.close();
});

it('lists a practitioner’s day and week exactly as the API has them', async () => {
  const api = await apiAs(suite.server, suite.server.emails.staff as string);
  const tz: string = (await api('GET', '/auth/me')).body.organization.time_zone;
  const [practitioner] = await suite.server.database.db.select().from(practitioners).limit(1);
  if (!practitioner) throw new Error('seed incomplete');
  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.staff as string);
  await p.page.getByLabel('Practitioner').selectOption(practitioner.id);
  await p.page.waitForURL((u) => u.searchParams.get('practitioner') === practitioner.id);

  // The list as shown once the range the address names has loaded.
  const shown = async (from: string) => {
    const list = p.page.locator(`[data-testid="appointment-list"][data-from="${from}"]`);
    await list.waitFor();
    return list
      .getByTestId('appointment')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-appointment-id')));
  };
  // Step back to a working day with appointments, then compare the day and its week with the API.
  let day = dayIn(new Date(), tz);
  for (let i = 0; i < 7 && (await shown(day)).length === 0; i++) {
    await p.page.getByRole('button', { name: 'Previous day' }).click();
    await p.page.waitForURL((u) => u.searchParams.get('date') !== day);
    day = new URL(p.page.url()).searchParams.get('date') as string;
  }
  const fromApi = async (first: string, days: number) => {
    const from = new Date(`${first}T00:00:00Z`);
    const all = (
      await api(
        'GET',
        `/appointments?practitioner_id=${practitioner.id}&limit=200&from=${new Date(from.getTime() - 86_400_000).toISOString()}&to=${new Date(from.getTime() + (days + 1) * 86_400_000).toISOString()}`,
      )
    ).body.data as { id: string; starts_at: string }[];
    const inRange = (s: string) => {
      const d = dayIn(new Date(s), tz);
      return d >= first && d < dayIn(new Date(from.getTime() + days * 86_400_000), 'UTC');
    };
    return all.filter((a) => inRange(a.starts_at)).map((a) => a.id);
  };
  const dayIds = await shown(day);
  expect(dayIds.length).toBeGreaterThan(0);
  expect(dayIds).toEqual(await fromApi(day, 1));

  await p.page.getByText('Week', { exact: true }).click();
  await p.page.waitForURL((u) => u.searchParams.get('view') === 'week');
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const monday = new Date(Date.parse(`${day}T00:00:00Z`) - ((weekday + 6) % 7) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  expect(await shown(monday)).toEqual(await fromApi(monday, 7));
  p.assertNoConsoleErrors();
  await p.close();
});

it('takes an appointment that has started through check-in to completion, and offers no-show', async () => {
  const api = await apiAs(suite.server, suite.server.emails.staff as string);
  const tz: string = (await api('GET', '/auth/me')).body.organization.time_zone;
  const patient = (await api('GET', '/patients?limit=1')).body.data[0];
  const active = await suite.server.database.db
    .select()
    .from(practitioners)
    .where(eq(practitioners.active, true));
  // Started two minutes ago, five minutes long; the first practitioner free then takes it (the seed may
  // have booked the others for this very time).
  const startsAt = new Date(Math.floor((Date.now() - 120_000) / 60_000) * 60_000);
  let booked: { practitioner: string; id: string } | undefined;
  for (const practitioner of active) {
    const res = await api('POST', '/appointments', {
      patient_id: patient.id,
      practitioner_id: practitioner.id,
      starts_at: startsAt.toISOString(),
      duration_minutes: 5,
      reason: 'Browser test: walk-in',
    });
    if (res.status === 201) {
      booked = { practitioner: practitioner.id, id: res.body.id };
      break;
    }
    expect(res.status).toBe(409);
  }
  if (!booked) throw new Error('every practitioner is busy right now');
  const { id } = booked;

  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.staff as string);
  await p.page.goto(`/appointments?date=${dayIn(startsAt, tz)}&practitioner=${booked.practitioner}`);
  const row = p.page.locator(`[data-appointment-id="${id}"]`);
  await row.waitFor();
  expect(await row.getByRole('button').allTextContents()).toEqual([
    'Confirm',
    'Check in',
    'No-show',
    'Cancel',
  ]);

  await row.getByRole('button', { name: 'Check in' }).click();
  await expect.poll(() => row.getAttribute('data-status')).toBe('checked_in');
  expect(await row.getByRole('button').allTextContents()).toEqual(['Complete', 'Cancel']);
  await row.getByRole('button', { name: 'Complete' }).click();
  await expect.poll(() => row.getAttribute('data-status')).toBe('completed');
  const [done] = await suite.server.database.db.select().from(appointments).where(eq(appointments.id, id));
  expect(done?.status).toBe('completed');
  expect(done?.checked_in_at).toBeInstanceOf(Date);
  expect(done?.completed_at).toBeInstanceOf(Date);
  p.assertNoConsoleErrors();
  await p.close();
});

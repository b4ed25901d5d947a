import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { addDays, dayKey, startOfDay } from '../../src/dashboard/time.js';
import { apiAs, DESKTOP, openPage, PHONE, screenshot, setupBrowserSuite, signIn } from './harness.js';

const suite = setupBrowserSuite();

type CallRow = {
  id: string;
  direction: string;
  patient_id: string | null;
  summary: string | null;
  appointment_id: string | null;
};

/** Waits until the page lists exactly these calls, in this order. */
const showsCalls = (page: Page, ids: string[]) =>
  page.waitForFunction(
    (want) =>
      JSON.stringify(
        Array.from(document.querySelectorAll('[data-testid="call"]')).map((e) => e.getAttribute('data-id')),
      ) === JSON.stringify(want),
    ids,
  );

async function open(viewport = DESKTOP) {
  const p = await openPage(suite.browser, suite.server, viewport);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.staff as string);
  return p;
}

it('lists the call history as the API does, and filters it by outcome', async () => {
  const api = await apiAs(suite.server, suite.server.emails.staff as string);
  const all = (await api('GET', '/voice/calls?limit=50')).body.data as CallRow[];
  expect(all.length).toBeGreaterThan(0);
  const p = await open();
  await p.page.goto('/calls');
  await p.page.getByTestId('call-list').waitFor();
  expect(
    await p.page.getByTestId('call').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))),
  ).toEqual(all.map((c) => c.id));
  // An outcome that is not the newest calls' one, so the filtered list must differ from the unfiltered one.
  const older = (await api('GET', '/voice/calls?limit=200')).body.data as (CallRow & {
    outcome: string | null;
  })[];
  const outcome = older.find((c) => c.outcome && c.outcome !== older[0]?.outcome)?.outcome as string;
  const some = (await api('GET', `/voice/calls?limit=50&outcome=${outcome}`)).body.data as (CallRow & {
    outcome: string;
  })[];
  expect(some.every((c) => c.outcome === outcome)).toBe(true);
  expect(some.map((c) => c.id)).not.toEqual(all.map((c) => c.id));
  await p.page.locator('label.field:has(> span:text-is("Outcome")) select').selectOption(outcome);
  await showsCalls(
    p.page,
    some.map((c) => c.id),
  );
  p.assertNoConsoleErrors();
  await p.close();
});

it('shows a call with its transcript turns, summary, sentiment, outcome and linked appointment', async () => {
  const api = await apiAs(suite.server, suite.server.emails.staff as string);
  const calls = (await api('GET', '/voice/calls?limit=200')).body.data as CallRow[];
  const booked = calls.find((c) => c.appointment_id && c.summary);
  expect(booked).toBeDefined();
  const detail = (await api('GET', `/voice/calls/${booked?.id}`)).body;
  expect(detail.transcript.length).toBeGreaterThan(0);
  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    const p = await open(viewport);
    await p.page.goto('/calls');
    await p.page.locator(`[data-testid="call"][data-id="${detail.id}"] a`).click();
    await p.page.getByTestId('transcript').waitFor();
    const turns = p.page.locator('.turn');
    expect(await turns.count()).toBe(detail.transcript.length);
    expect(await turns.first().locator('.speaker').textContent()).toBe(
      detail.transcript[0].speaker === 'agent' ? 'Agent' : 'Caller',
    );
    expect(await turns.first().locator('p').textContent()).toBe(detail.transcript[0].text);
    expect(await p.page.getByTestId('call-summary').textContent()).toBe(detail.summary);
    const facts = await p.page.getByTestId('call-facts').textContent();
    if (detail.sentiment) expect(facts).toContain(detail.sentiment);
    expect(facts).toMatch(/Outcome/);
    expect(await p.page.locator(`[data-id="${detail.appointment.id}"], .appts li`).count()).toBeGreaterThan(
      0,
    );
    await screenshot(p.page, `call-${name}`);
    p.assertNoConsoleErrors();
    await p.close();
  }
});

it("lists the patient's calls on the patient page", async () => {
  const api = await apiAs(suite.server, suite.server.emails.staff as string);
  const calls = (await api('GET', '/voice/calls?limit=200')).body.data as CallRow[];
  const withPatient = calls.find((c) => c.patient_id) as CallRow;
  const own = (await api('GET', `/voice/calls?limit=20&patient_id=${withPatient.patient_id}`)).body
    .data as CallRow[];
  const p = await open();
  await p.page.goto(`/patients/${withPatient.patient_id}`);
  await p.page.getByTestId('patient-calls').waitFor();
  expect(
    await p.page
      .getByTestId('patient-calls')
      .getByTestId('call')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))),
  ).toEqual(own.map((c) => c.id));
  p.assertNoConsoleErrors();
  await p.close();
});

it('filters the history by date range in the organisation time zone, as the API does', async () => {
  const api = await apiAs(suite.server, suite.server.emails.staff as string);
  const tz = (await api('GET', '/auth/me')).body.organization.time_zone as string;
  const all = (await api('GET', '/voice/calls?limit=200')).body.data as (CallRow & {
    started_at: string | null;
    created_at: string;
  })[];
  const days = [...new Set(all.map((c) => dayKey(new Date(c.started_at ?? c.created_at), tz)))];
  expect(days.length).toBeGreaterThan(2);
  // Two days in the middle of the history: calls before and after them are left out.
  const [first, last] = [days[2] as string, days[1] as string];
  const from = startOfDay(first, tz).toISOString();
  const to = startOfDay(addDays(last, 1), tz).toISOString();
  const some = (await api('GET', `/voice/calls?limit=50&from=${from}&to=${to}`)).body.data as CallRow[];
  expect(some.length).toBeGreaterThan(0);
  expect(some.length).toBeLessThan(all.length);

  const p = await open();
  await p.page.goto('/calls');
  await p.page.getByTestId('call-list').waitFor();
  await p.page.locator('label.field:has(> span:text-is("From")) input').fill(first);
  await p.page.locator('label.field:has(> span:text-is("To")) input').fill(last);
  await p.page.waitForURL(new RegExp(`from=${first}.*to=${last}`));
  await showsCalls(
    p.page,
    some.map((c) => c.id),
  );
  p.assertNoConsoleErrors();
  await p.close();
});

it('shows the server error with Try again, and the list once the server answers again', async () => {
  const p = await open(PHONE);
  p.expectFailure(500, '/api/v1/voice/calls');
  let failing = true;
  await p.page.route('**/api/v1/voice/calls?*', (route) =>
    failing
      ? route.fulfill({
          status: 500,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'https://prm.dev/problems/internal',
            title: 'Internal Server Error',
            status: 500,
            detail: 'An unexpected error occurred',
            request_id: 'req-1',
          }),
        })
      : route.continue(),
  );
  await p.page.goto('/calls');
  const alert = p.page.getByRole('alert').filter({ hasText: 'An unexpected error occurred' });
  await alert.waitFor();
  failing = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await p.page.getByTestId('call-list').waitFor();
  expect(await p.page.getByRole('alert').count()).toBe(0);
  await screenshot(p.page, 'calls-error-recovered-phone');
  p.assertNoConsoleErrors();
  await p.close();
});

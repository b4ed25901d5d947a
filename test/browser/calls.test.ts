import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  apiAs,
  DESKTOP,
  launch,
  openPage,
  PHONE,
  type Server,
  screenshot,
  signIn,
  startServer,
} from './harness.js';

let server: Server;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(() => expect(server.logs.take()).toEqual([]));

type CallRow = {
  id: string;
  direction: string;
  patient_id: string | null;
  summary: string | null;
  appointment_id: string | null;
};

async function open(viewport = DESKTOP) {
  const p = await openPage(browser, server, viewport);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, server.emails.staff as string);
  return p;
}

it('lists the call history as the API does, and filters it by outcome', async () => {
  const api = await apiAs(server, server.emails.staff as string);
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
  await p.page.waitForFunction(
    (ids) =>
      JSON.stringify(
        Array.from(document.querySelectorAll('[data-testid="call"]')).map((e) => e.getAttribute('data-id')),
      ) === JSON.stringify(ids),
    some.map((c) => c.id),
  );
  p.assertNoConsoleErrors();
  await p.close();
});

it('shows a call with its transcript turns, summary, sentiment, outcome and linked appointment', async () => {
  const api = await apiAs(server, server.emails.staff as string);
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
  const api = await apiAs(server, server.emails.staff as string);
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

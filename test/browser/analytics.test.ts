import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { eventually } from '../helpers/poll.js';
import { inboundParams, postSigned, type TestChannel } from '../helpers/twilio.js';
import {
  apiAs,
  createDemoChannel,
  DESKTOP,
  openPage,
  PHONE,
  screenshot,
  setupBrowserSuite,
  signIn,
} from './harness.js';

const suite = setupBrowserSuite();
let channel: TestChannel;
beforeAll(async () => {
  channel = await createDemoChannel(suite.server);
});

/** The control of a visible label (the label wraps it, so its name would include a select's options). */
const field = (page: Page, label: string) =>
  page
    .locator('label.field')
    .filter({ has: page.locator(`span:text-is("${label}")`) })
    .locator('select, input');
const card = (page: Page, metric: string) => page.getByTestId(`metric-${metric}`);
const cardValue = async (page: Page, metric: string) =>
  Number(await card(page, metric).getAttribute('data-value'));

async function dashboard(query: string) {
  const api = await apiAs(suite.server, suite.server.emails.analyst as string);
  const res = await api('GET', `/analytics/dashboard?${query}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** Waits until the page shows the answer for `period` (not the previous one kept while it loads). */
async function shown(page: Page, period: string) {
  await page.locator(`[data-testid="analytics"][data-period="${period}"][aria-busy="false"]`).waitFor();
}

async function open(viewport = DESKTOP) {
  const p = await openPage(suite.browser, suite.server, viewport);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.analyst as string);
  await p.page.goto('/analytics');
  await shown(p.page, 'last_30_days');
  return p;
}

it('draws all five charts from the seeded data, each with a text alternative', async () => {
  const p = await open();
  const charts = p.page.locator('figure[data-chart]');
  expect(await charts.count()).toBe(5);
  for (const id of [
    'appointment-trends',
    'journey-status',
    'communication-volume',
    'call-performance',
    'appointment-status',
  ]) {
    const chart = p.page.locator(`figure[data-chart="${id}"]`);
    const svg = chart.locator('svg[role="img"]');
    await svg.waitFor();
    // Drawn marks, not an empty frame: the seed has appointments, journeys, messages and calls.
    expect(await svg.locator('path.line, path.slice, rect.bar').count(), id).toBeGreaterThan(0);
    expect((await svg.locator('desc').textContent())?.length, id).toBeGreaterThan(10);
    expect(await chart.locator('table tbody tr').count(), id).toBeGreaterThan(0);
  }
  const api = await dashboard('time_period=last_30_days');
  expect(await cardValue(p.page, 'appointments_total')).toBe(
    api.appointments.metrics.appointments_total.value,
  );
  expect(api.appointments.metrics.appointments_total.value).toBeGreaterThan(0);
  await screenshot(p.page, 'analytics-charts-desktop');
  p.assertNoConsoleErrors();
  await p.close();
});

it('shows the numbers the API gives for each chosen period, including a custom range', async () => {
  const p = await open();
  const seen = new Set<number>();
  for (const period of ['last_7_days', 'today', 'last_month', 'this_year', 'last_30_days']) {
    await field(p.page, 'Period').selectOption(period);
    await shown(p.page, period);
    const api = await dashboard(`time_period=${period}`);
    for (const [section, metric] of [
      ['appointments', 'appointments_total'],
      ['communication', 'messages_inbound'],
      ['voice_calls', 'calls_total'],
    ] as const)
      expect(await cardValue(p.page, metric), `${period} ${metric}`).toBe(api[section].metrics[metric].value);
    seen.add(api.appointments.metrics.appointments_total.value);
  }
  // The periods really differ, so a page stuck on one answer would have failed above.
  expect(seen.size).toBeGreaterThan(2);

  const api30 = await dashboard('time_period=last_30_days');
  const { start_date, end_date } = api30.period;
  await field(p.page, 'Period').selectOption('custom');
  await field(p.page, 'From').fill(start_date);
  await field(p.page, 'To').fill(end_date);
  await shown(p.page, 'custom');
  const custom = await dashboard(`time_period=custom&start_date=${start_date}&end_date=${end_date}`);
  expect(await cardValue(p.page, 'appointments_total')).toBe(
    custom.appointments.metrics.appointments_total.value,
  );
  expect(await p.page.getByTestId('period-range').textContent()).toContain(`${start_date} – ${end_date}`);
  p.assertNoConsoleErrors();
  await p.close();
});

it('filters by practitioner with the API figures', async () => {
  const p = await open();
  const select = p.page.getByLabel('Practitioner');
  await select.locator('option:nth-child(2)').waitFor({ state: 'attached' });
  const id = await select.locator('option:nth-child(2)').getAttribute('value');
  await select.selectOption(id as string);
  await p.page.waitForURL(/practitioner=/);
  const api = await dashboard(`time_period=last_30_days&practitioner_id=${id}`);
  const all = await dashboard('time_period=last_30_days');
  expect(api.appointments.metrics.appointments_total.value).toBeLessThan(
    all.appointments.metrics.appointments_total.value,
  );
  await p.page.waitForFunction(
    (v) =>
      document.querySelector('[data-testid="metric-appointments_total"]')?.getAttribute('data-value') ===
      String(v),
    api.appointments.metrics.appointments_total.value,
  );
  p.assertNoConsoleErrors();
  await p.close();
});

it('ticks the communication card live when a signed WhatsApp webhook arrives, without a reload', async () => {
  const p = await open();
  await p.page.locator('[data-testid="live"][data-state="live"]').waitFor();
  const before = await cardValue(p.page, 'messages_inbound');
  await p.page.evaluate(() => {
    (window as unknown as { marker: number }).marker = 42;
  });
  const res = await postSigned(suite.server, channel, 'webhook', inboundParams(channel, '+919812345670'));
  expect(res.statusCode).toBe(200);
  await p.page.waitForFunction(
    (v) =>
      Number(
        document.querySelector('[data-testid="metric-messages_inbound"]')?.getAttribute('data-value'),
      ) === v,
    before + 1,
    { timeout: 15_000 },
  );
  // The same document: the figure arrived over the stream, not by reloading the page.
  expect(await p.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  const api = await eventually(async () => {
    const d = await dashboard('time_period=last_30_days');
    return d.communication.metrics.messages_inbound.value === before + 1 && d;
  });
  expect(api.communication.metrics.messages_inbound.value).toBe(before + 1);
  p.assertNoConsoleErrors();
  await p.close();
});

it('shows an error with Try again when the dashboard cannot load, then recovers', async () => {
  const p = await openPage(suite.browser, suite.server, PHONE);
  p.expectFailure(401, '/api/v1/auth/me');
  p.expectFailure(0, '/api/v1/analytics/dashboard');
  await signIn(p.page, suite.server.emails.analyst as string);
  let fail = true;
  await p.page.route('**/api/v1/analytics/dashboard?*', (route) => (fail ? route.abort() : route.continue()));
  await p.page.goto('/analytics');
  await p.page.getByRole('alert').waitFor();
  fail = false;
  await p.page.getByRole('button', { name: 'Try again' }).click();
  await shown(p.page, 'last_30_days');
  await screenshot(p.page, 'analytics-charts-phone');
  p.assertNoConsoleErrors();
  await p.close();
});

import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiAs, DESKTOP, openPage, PHONE, setupBrowserSuite, signIn } from './harness.js';

const suite = setupBrowserSuite();

const METRICS = [
  ['appointments', 'appointments_total'],
  ['appointments', 'appointment_completion_rate'],
  ['journeys', 'journeys_active'],
  ['communication', 'messages_inbound'],
  ['voice_calls', 'calls_total'],
] as const;
type Dashboard = Record<string, { metrics: Record<string, { value: number | null }> }>;

async function dashboard(query: string) {
  const api = await apiAs(suite.server, suite.server.emails.analyst as string);
  const res = await api('GET', `/analytics/dashboard?time_period=last_30_days${query}`);
  expect(res.status).toBe(200);
  return res.body as Dashboard;
}

/** What the page shows on the cards, once it is not fetching. */
async function cards(page: Page) {
  await page.locator('[data-testid="analytics"][aria-busy="false"]').waitFor();
  const out: Record<string, number | null> = {};
  for (const [, metric] of METRICS) {
    const v = await page.getByTestId(`metric-${metric}`).getAttribute('data-value');
    out[metric] = v === null || v === '' ? null : Number(v);
  }
  return out;
}
const expected = (d: Dashboard) =>
  Object.fromEntries(
    METRICS.map(([section, metric]) => [metric, d[section]?.metrics[metric]?.value ?? null]),
  );

/**
 * The directory entry whose filter gives the fewest appointments but some: the page must then show
 * numbers that differ from the unfiltered ones.
 */
async function narrowest(kind: 'departments' | 'locations', param: string) {
  const api = await apiAs(suite.server, suite.server.emails.analyst as string);
  const entries = (await api('GET', `/${kind}?limit=200`)).body.data as { id: string; name: string }[];
  const all = await dashboard('');
  const total = (d: Dashboard) => d.appointments?.metrics.appointments_total?.value ?? 0;
  let best: { id: string; answer: Dashboard } | null = null;
  for (const e of entries) {
    const answer = await dashboard(`&${param}=${e.id}`);
    if (total(answer) > 0 && (!best || total(answer) < total(best.answer))) best = { id: e.id, answer };
  }
  expect(best).not.toBeNull();
  const found = best as { id: string; answer: Dashboard };
  expect(total(found.answer)).toBeLessThan(total(all));
  return found;
}

async function open(viewport = DESKTOP) {
  const p = await openPage(suite.browser, suite.server, viewport);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.analyst as string);
  await p.page.goto('/analytics');
  return p;
}

const select = (page: Page, label: string) =>
  page
    .locator('label.field')
    .filter({ has: page.locator(`span:text-is("${label}")`) })
    .locator('select');

for (const [label, kind, param, address] of [
  ['Department', 'departments', 'department_id', 'department'],
  ['Location', 'locations', 'location_id', 'location'],
] as const) {
  it(`shows the API's figures for a ${label.toLowerCase()} filter, and the unfiltered ones when it is cleared`, async () => {
    const { id, answer } = await narrowest(kind, param);
    const p = await open(label === 'Location' ? PHONE : DESKTOP);
    const unfiltered = await cards(p.page);
    expect(unfiltered).toEqual(expected(await dashboard('')));
    await select(p.page, label).locator(`option[value="${id}"]`).waitFor({ state: 'attached' });
    await select(p.page, label).selectOption(id);
    await p.page.waitForURL(new RegExp(`${address}=${id}`));
    await p.page.waitForFunction(
      (v) =>
        document.querySelector('[data-testid="metric-appointments_total"]')?.getAttribute('data-value') ===
        String(v),
      answer.appointments?.metrics.appointments_total?.value,
    );
    expect(await cards(p.page)).toEqual(expected(answer));

    await select(p.page, label).selectOption('');
    await p.page.waitForURL((u) => !u.searchParams.has(address));
    await p.page.waitForFunction(
      (v) =>
        document.querySelector('[data-testid="metric-appointments_total"]')?.getAttribute('data-value') ===
        String(v),
      unfiltered.appointments_total,
    );
    expect(await cards(p.page)).toEqual(unfiltered);
    p.assertNoConsoleErrors();
    await p.close();
  });
}

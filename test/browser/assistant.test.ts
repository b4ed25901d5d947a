import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiAs, DESKTOP, openPage, PHONE, screenshot, setupBrowserSuite, signIn } from './harness.js';

const suite = setupBrowserSuite();

async function appointmentsApi(query: string) {
  const api = await apiAs(suite.server, suite.server.emails.analyst as string);
  const res = await api('GET', `/analytics/appointments?${query}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function open(viewport = DESKTOP) {
  const p = await openPage(suite.browser, suite.server, viewport);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.analyst as string);
  // Below 700 px the navigation is behind the Menu button.
  if (viewport === PHONE) await p.page.getByRole('button', { name: 'Menu' }).click();
  await p.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assistant' }).click();
  await p.page.getByRole('heading', { level: 1, name: 'Assistant' }).waitFor();
  return p;
}

/** Types the question and presses Enter (the form submits from the keyboard), then waits for the answer. */
async function ask(page: Page, question: string, status = 'ok') {
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Question').press('Enter');
  await page.locator(`[data-testid="answer"][data-status="${status}"]`).waitFor();
}

const field = (page: Page, name: string) =>
  page.getByTestId('resolved-query').locator(`[data-field="${name}"] dd`).textContent();

// "The last 30 days" always holds seeded data, whatever day the suite runs (the seed spans three weeks).
it('answers a seeded-data question with the API’s figure, the resolved query and a chart', async () => {
  const p = await open();
  await ask(p.page, 'How many appointments were completed in the last 30 days?');
  const api = await appointmentsApi('time_period=last_30_days');
  const completed = api.metrics.appointments_completed.value;
  expect(completed).toBeGreaterThan(0);
  expect(Number(await p.page.getByTestId('figure-appointments_completed').getAttribute('data-value'))).toBe(
    completed,
  );
  expect(await p.page.getByTestId('answer-text').textContent()).toContain(completed.toLocaleString('en-IN'));
  expect(await field(p.page, 'Metric')).toBe('Completed');
  expect(await field(p.page, 'Period')).toContain(`${api.period.start_date} – ${api.period.end_date}`);
  expect(await field(p.page, 'Tool')).toBe('get_appointment_analytics');

  const chart = p.page.locator('figure[data-chart="assistant-answer"]');
  expect(await chart.locator('svg[role="img"] rect.bar').count()).toBe(2);
  expect((await chart.locator('svg desc').textContent())?.length).toBeGreaterThan(10);
  // The chart's text alternative holds the same figure.
  expect(await chart.locator('table tbody tr').first().textContent()).toContain(String(completed));
  await screenshot(p.page, 'assistant-answer-desktop');
  p.assertNoConsoleErrors();
  await p.close();
});

it('draws a breakdown as bars whose data table equals the API’s breakdown', async () => {
  const p = await open();
  await ask(p.page, 'completed appointments by department in the last 30 days');
  const api = await appointmentsApi('time_period=last_30_days&include_breakdown=true');
  const rows = api.breakdowns.department_id as { label: string; values: Record<string, number> }[];
  expect(rows.length).toBeGreaterThan(1);
  expect(await field(p.page, 'Grouped by')).toBe('department');
  const chart = p.page.locator('figure[data-chart="assistant-answer"]');
  expect(await chart.locator('rect.bar').count()).toBe(rows.length);
  const table = await chart
    .locator('table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent)));
  expect(new Map(table.map(([k, v]) => [k, Number(v)]))).toEqual(
    new Map(rows.map((r) => [r.label, r.values.appointments_completed])),
  );
  p.assertNoConsoleErrors();
  await p.close();
});

it('shows the clarification and suggestions for a question it cannot answer, and asks a suggestion', async () => {
  const p = await open();
  await ask(p.page, 'what is the weather on mars', 'unclear');
  expect(await p.page.getByTestId('answer-text').textContent()).toContain('I did not understand');
  expect(await p.page.locator('figure[data-chart]').count()).toBe(0);
  const suggestion = p.page.getByRole('region', { name: 'Try asking' }).getByRole('button').first();
  const question = (await suggestion.textContent()) as string;
  await suggestion.click();
  await p.page.locator('[data-testid="answer"][data-status="ok"]').waitFor();
  expect(await p.page.getByLabel('Question').inputValue()).toBe(question);
  // Both questions are in this session's history.
  const history = p.page.getByRole('region', { name: 'Asked in this session' }).getByRole('button');
  expect(await history.allTextContents()).toEqual([question, 'what is the weather on mars']);
  p.assertNoConsoleErrors();
  await p.close();
});

it('works at phone width, and shows an error with Try again when the question cannot be sent', async () => {
  const p = await open(PHONE);
  p.expectFailure(0, '/api/v1/assistant/ask');
  let fail = true;
  await p.page.route('**/api/v1/assistant/ask', (route) => (fail ? route.abort() : route.continue()));
  await p.page.getByLabel('Question').fill('calls per day in the last 7 days');
  await p.page.getByRole('button', { name: 'Ask' }).click();
  await p.page.getByRole('alert').getByText('The server could not be reached').waitFor();
  fail = false;
  await p.page.getByRole('button', { name: 'Try again' }).click();
  await p.page.locator('[data-testid="answer"][data-status="ok"]').waitFor();
  await p.page.locator('figure[data-chart="assistant-answer"] svg').waitFor();
  expect(await p.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await screenshot(p.page, 'assistant-answer-phone');
  p.assertNoConsoleErrors();
  await p.close();
});

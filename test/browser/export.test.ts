import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { pdfText } from '../helpers/poppler.js';
import { parseCsv, readXlsx } from '../helpers/reports.js';
import { apiAs, DESKTOP, openPage, screenshot, setupBrowserSuite, signIn } from './harness.js';

// Row exports over 50 rows go to the job worker (202 + progress), as a large export would.
const suite = setupBrowserSuite(() => ({ REPORT_SYNC_MAX_ROWS: '50', REPORT_SCHEDULER_MS: '0' }));

const analyst = () => apiAs(suite.server, suite.server.emails.analyst as string);

/** The page's scope: a custom range (the API's last 30 days) and one practitioner. */
async function scope() {
  const api = await analyst();
  const { start_date, end_date } = (await api('GET', '/analytics/dashboard?time_period=last_30_days')).body
    .period;
  const practitioner = (await api('GET', '/practitioners?limit=1')).body.data[0].id as string;
  const query = `time_period=custom&start_date=${start_date}&end_date=${end_date}&practitioner_id=${practitioner}`;
  const dashboard = (await api('GET', `/analytics/dashboard?${query}`)).body;
  return {
    url: `/analytics?period=custom&from=${start_date}&to=${end_date}&practitioner=${practitioner}`,
    dashboard,
    start_date,
    end_date,
  };
}

async function open(url: string) {
  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.analyst as string);
  await p.page.goto(url);
  await p.page.locator('[data-testid="analytics"][data-period="custom"][aria-busy="false"]').waitFor();
  return p;
}

/** Click an export button and wait for the browser's download. */
async function download(page: Page, name: string): Promise<{ file: Download; body: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `Export ${name}` }).click(),
  ]);
  const body = readFileSync(await file.path());
  return { file, body };
}

it('Export buttons download a CSV, a valid XLSX and a PDF of the numbers on the page', async () => {
  const s = await scope();
  const total = s.dashboard.appointments.metrics.appointments_total.value as number;
  const inbound = s.dashboard.communication.metrics.messages_inbound.value as number;
  expect(total).toBeGreaterThan(0);
  const p = await open(s.url);
  // The page shows these very numbers…
  expect(Number(await p.page.getByTestId('metric-appointments_total').getAttribute('data-value'))).toBe(
    total,
  );

  // …and so does each file.
  const csv = await download(p.page, 'CSV');
  expect(csv.file.suggestedFilename()).toBe(`analytics-${s.start_date}-to-${s.end_date}-${s.end_date}.csv`);
  const rows = parseCsv(csv.body.toString('utf8').replace(/^\uFEFF/, ''));
  const value = (key: string) => rows.find((r) => r[2] === key)?.[3];
  expect(rows[1]).toEqual(['Section', 'Metric', 'Key', 'Value', 'Previous period', 'Change']);
  expect(value('appointments_total')).toBe(String(total));
  expect(value('messages_inbound')).toBe(String(inbound));
  await p.page.getByTestId('export-status').getByText(`Downloaded ${csv.file.suggestedFilename()}`).waitFor();

  const xlsx = await download(p.page, 'Excel');
  expect(xlsx.file.suggestedFilename()).toMatch(/^analytics-.*\.xlsx$/);
  expect(xlsx.body.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  const summary = (await readXlsx(xlsx.body)).get('Summary') ?? [];
  expect(summary.find((r) => r[2] === 'appointments_total')?.[3]).toBe(total);

  const pdf = await download(p.page, 'PDF');
  expect(pdf.file.suggestedFilename()).toMatch(/^analytics-.*\.pdf$/);
  expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(await pdf.file.path());
  expect(text).toContain(`Analytics ${s.start_date} to ${s.end_date}`);
  // The first metric card: its label row, then its value.
  const card = text.match(/Appointments\s+Booked\s+Confirmed\s+Checked in\s*\n\s*\n\s*(\S+)/)?.[1];
  expect(card).toBe(total.toLocaleString('en-IN'));

  // An analyst's exports are in the organisation's history, as the analyst's.
  const history = (await (await analyst())('GET', '/reports?limit=3')).body.data;
  expect(history.map((r: { format: string; role: string }) => `${r.format}:${r.role}`)).toEqual([
    'pdf:analyst',
    'xlsx:analyst',
    'csv:analyst',
  ]);
  p.assertNoConsoleErrors();
  await p.close();
});

it('shows the job’s progress for a large export, with the buttons disabled, then downloads it', async () => {
  const s = await scope();
  const p = await open(s.url);
  // The status polls wait until the test has seen the progress state; nothing else is held.
  let release = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const polled: number[] = [];
  await p.page.route('**/api/v1/reports/*', async (route) => {
    if (route.request().method() === 'GET') await gate;
    await route.continue();
  });
  p.page.on('response', async (res) => {
    if (/\/api\/v1\/reports\/[^/]+$/.test(res.url()) && res.request().method() === 'GET')
      polled.push((await res.json()).progress);
  });
  await p.page.getByLabel('With every appointment, message and call (CSV, Excel)').check();
  const downloaded = p.page.waitForEvent('download');
  await p.page.getByRole('button', { name: 'Export Excel' }).click();
  await p.page.getByRole('progressbar', { name: 'Excel export progress' }).waitFor();
  await p.page.getByTestId('export-status').getByText('Building the Excel file').waitFor();
  await screenshot(p.page, 'analytics-export-progress-desktop');
  for (const name of ['CSV', 'PDF', 'Excel'])
    expect(await p.page.getByRole('button', { name: `Export ${name}` }).isDisabled(), name).toBe(true);
  release();
  const file = await downloaded;
  expect(file.suggestedFilename()).toMatch(/^analytics-.*\.xlsx$/);
  const sheets = await readXlsx(readFileSync(await file.path()));
  const total = s.dashboard.appointments.metrics.appointments_total.value as number;
  expect(sheets.get('Summary')?.find((r) => r[2] === 'appointments_total')?.[3]).toBe(total);
  // Every appointment of the practitioner in the range, one row each under the header.
  const appointmentRows = [...sheets.entries()].find(
    ([name]) => /appointment/i.test(name) && name !== 'Summary',
  );
  expect(appointmentRows?.[1].length).toBeGreaterThan(1);
  expect(polled.length).toBeGreaterThan(0);
  await p.page.getByTestId('export-status').getByText(`Downloaded ${file.suggestedFilename()}`).waitFor();
  expect(await p.page.getByRole('button', { name: 'Export Excel' }).isDisabled()).toBe(false);
  const report = (await (await analyst())('GET', '/reports?limit=1')).body.data[0];
  expect(report).toMatchObject({ format: 'xlsx', status: 'completed', progress: 100 });
  expect(report.row_count).toBeGreaterThan(50);
  p.assertNoConsoleErrors();
  await p.close();
});

it('says when an export fails and retries it from the keyboard', async () => {
  const s = await scope();
  const p = await open(s.url);
  p.expectFailure(0, '/api/v1/reports/generate');
  let fail = true;
  await p.page.route('**/api/v1/reports/generate', (route) => (fail ? route.abort() : route.continue()));
  await p.page.getByRole('button', { name: 'Export CSV' }).focus();
  await p.page.keyboard.press('Enter');
  const alert = p.page.getByRole('alert');
  await alert.getByText('The CSV export failed').waitFor();
  fail = false;
  await alert.getByRole('button', { name: 'Try again' }).focus();
  const [file] = await Promise.all([p.page.waitForEvent('download'), p.page.keyboard.press('Enter')]);
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  await alert.waitFor({ state: 'detached' });
  p.assertNoConsoleErrors();
  await p.close();
});

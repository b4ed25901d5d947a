import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { eventually } from '../../../../test/helpers/poll.js';
import { inkOfPage1, isPng, pdfText, renderPng } from '../../../../test/helpers/poppler.js';
import { folded, readXlsx, saveFile } from '../../../../test/helpers/reports.js';
import { seedDemo } from '../../../cli/seed/index.js';
import { METRIC_BY_NAME, metricsOf, SECTIONS } from '../analytics/analytics.catalog.js';
import { issueApiKey } from '../api-keys/api-keys.service.js';
import { formatValue } from './formats/format-value.js';
import { CHART_COLOURS } from './formats/pdf-charts.js';
import { CELL_OF } from './report.build.js';

type Keys = Record<'admin' | 'staff' | 'analyst', string>;
let t: TestContext;
let demo: { id: string; keys: Keys };
let other: TestTenant;

beforeAll(async () => {
  t = await createTestApp({ REPORT_SYNC_MAX_ROWS: '400', REPORT_SCHEDULER_MS: '0' });
  const { tenants } = await seedDemo(t.database.db, {
    patients: 120,
    days: 40,
    practitioners: 3,
    perDay: 5,
    progress: false,
  });
  const id = (tenants[0] as { id: string }).id;
  const key = async (role: keyof Keys) =>
    (await issueApiKey(t.database.db, id, { name: role, role }, null)).key;
  demo = {
    id,
    keys: { admin: await key('admin'), staff: await key('staff'), analyst: await key('analyst') },
  };
  other = await createTenant(t.database);
  await folded(t.database);
}, 120_000);
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const post = (url: string, payload: unknown, key = demo.keys.staff) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: bearer(key) });
const get = (url: string, key = demo.keys.staff) => t.app.inject({ url, headers: bearer(key) });
const api = async (q: string) => (await get(`/api/v1/analytics/dashboard?${q}`, demo.keys.analyst)).json();

describe('figures equal the analytics API', () => {
  it('XLSX: every summary figure, trend point and breakdown value read back with exceljs', async () => {
    const res = await post(
      '/api/v1/reports/generate',
      {
        report_type: 'dashboard',
        format: 'xlsx',
        time_period: 'last_30_days',
        include_breakdown: true,
      },
      demo.keys.analyst,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const sheets = await readXlsx(res.rawPayload);
    const truth = await api('time_period=last_30_days&include_breakdown=true');
    const summary = sheets.get('Summary') as unknown[][];
    expect(summary[0]).toEqual(['Section', 'Metric', 'Key', 'Value', 'Previous period', 'Change']);
    let compared = 0;
    for (const section of SECTIONS)
      for (const m of metricsOf(section)) {
        const row = summary.find((r) => r[2] === m.name) as unknown[];
        expect(row, m.name).toBeDefined();
        expect(row[3] ?? null, m.name).toBe(truth[section].metrics[m.name].value);
        expect(row[4] ?? null, m.name).toBe(truth[section].metrics[m.name].previous);
        compared++;
      }
    expect(compared).toBe(summary.length - 1);
    const trend = sheets.get('Appointments trend') as unknown[][];
    const points = truth.appointments.series as {
      start_date: string;
      values: Record<string, number | null>;
    }[];
    expect(trend.length - 1).toBe(points.length);
    points.forEach((p, i) => {
      const line = trend[i + 1] as unknown[];
      expect((line[0] as Date).toISOString().slice(0, 10)).toBe(p.start_date);
      expect(line[2]).toBe(p.values.appointments_total);
    });
    const byPractitioner = sheets.get('Appointments by practitioner') as unknown[][];
    const rows = truth.appointments.breakdowns.practitioner_id as {
      label: string;
      values: Record<string, number | null>;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    const header = byPractitioner[0] as string[];
    for (const r of rows) {
      const line = byPractitioner.find((x) => x[0] === r.label) as unknown[];
      expect(line[header.indexOf('Appointments')]).toBe(r.values.appointments_total);
      expect(line[header.indexOf('No-show rate')] ?? null).toBe(r.values.appointment_no_show_rate);
    }
  });

  it('PDF: organisation, period, zone, every metric value as printed, and charts on a rendered page 1', async () => {
    const body = {
      report_type: 'appointments',
      format: 'pdf',
      time_period: 'last_7_days',
      title: 'Weekly — सारांश',
    };
    const res = await post('/api/v1/reports/generate', body);
    expect(res.statusCode).toBe(200);
    const file = saveFile(res.rawPayload, 'pdf');
    const text = pdfText(file);
    const truth = await api('time_period=last_7_days');
    expect(text).toContain('Weekly — ');
    expect(text).toContain(`Last 7 days (${truth.period.start_date} – ${truth.period.end_date})`);
    expect(text).toContain('(Asia/Kolkata)');
    expect(text).toMatch(/Page 1 of \d+/);
    for (const m of metricsOf('appointments')) {
      expect(text).toContain(m.label);
      const v = truth.appointments.metrics[m.name].value;
      expect(text, m.name).toContain(formatValue(v, CELL_OF[m.unit], 'Asia/Kolkata'));
    }
    expect(isPng(renderPng(file))).toBe(true);
    const ink = inkOfPage1(file, CHART_COLOURS);
    const plain = await post('/api/v1/reports/generate', { ...body, include_charts: false });
    const inkPlain = inkOfPage1(saveFile(plain.rawPayload, 'pdf'), CHART_COLOURS);
    expect(ink.inked).toBeGreaterThan(0.02);
    expect(inkPlain.coloured).toBe(0);
    expect(ink.coloured).toBeGreaterThan(0.005);
  });

  it('CSV: the row export has as many appointments as the API counts, names for staff only', async () => {
    const q = { time_period: 'last_7_days' };
    const staff = await post('/api/v1/reports/export/appointments/csv', q);
    expect(staff.statusCode).toBe(200);
    const csv = staff.body.replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    const truth = await api('time_period=last_7_days');
    expect(lines.length - 1).toBe(truth.appointments.metrics.appointments_total.value);
    expect(lines[0]).toContain('Patient phone');
    expect(csv).toMatch(/\+91\d{10}/);
    const analyst = await post('/api/v1/reports/export/appointments/csv', q, demo.keys.analyst);
    expect(analyst.statusCode).toBe(200);
    expect(analyst.body).not.toContain('Patient phone');
    expect(analyst.body).not.toMatch(/\+\d{10,}/);
    expect(analyst.body.trimEnd().split('\r\n').length).toBe(lines.length);
    expect(METRIC_BY_NAME.get('appointments_total')?.unit).toBe('count');
  });
});

describe('background reports, history and downloads', () => {
  it('answers 202 when large, shows progress, then a download link with the file', async () => {
    const res = await post('/api/v1/reports/generate', {
      report_type: 'dashboard',
      format: 'xlsx',
      time_period: 'last_30_days',
      include_rows: true,
    });
    expect(res.statusCode).toBe(202);
    const { id, status_url } = res.json();
    const done = await eventually(
      async () => {
        const r = (await get(status_url)).json();
        expect(r.status).not.toBe('failed');
        return r.status === 'completed' ? r : null;
      },
      20_000,
      'report completed',
    );
    expect(done.progress).toBe(100);
    expect(done.row_count).toBeGreaterThan(400);
    const file = await get(done.download_url);
    expect(file.statusCode).toBe(200);
    expect(Number(file.headers['content-length'])).toBe(file.rawPayload.length);
    const sheets = await readXlsx(file.rawPayload);
    expect(
      (sheets.get('All appointments')?.length ?? 0) +
        (sheets.get('All messages')?.length ?? 0) +
        (sheets.get('All voice calls')?.length ?? 0) -
        3,
    ).toBe(done.row_count);
    const history = (await get('/api/v1/reports?limit=200')).json();
    expect(history.data.map((r: { id: string }) => r.id)).toContain(id);
  });

  it("keeps tenants and staff-made files apart: another tenant's id is 404, analysts cannot open staff files", async () => {
    const res = await post('/api/v1/reports/generate', {
      report_type: 'voice_calls',
      format: 'csv',
      include_rows: true,
      time_period: 'last_7_days',
    });
    const id = res.headers['x-report-id'] as string;
    expect((await get(`/api/v1/reports/${id}`)).statusCode).toBe(200);
    expect((await get(`/api/v1/reports/${id}`, other.keys.admin)).statusCode).toBe(404);
    expect((await get(`/api/v1/reports/${id}/download`, other.keys.admin)).statusCode).toBe(404);
    expect((await get(`/api/v1/reports/${id}`, demo.keys.analyst)).statusCode).toBe(404);
    const mine = (await get('/api/v1/reports?limit=200', demo.keys.analyst)).json();
    expect(mine.data.every((r: { role: string }) => r.role === 'analyst')).toBe(true);
    expect((await get('/api/v1/reports', other.keys.admin)).json().data).toEqual([]);
  });

  it('quick exports: dashboard PDF and the all-in-one workbook', async () => {
    const pdf = await post('/api/v1/reports/export/dashboard/pdf', { time_period: 'last_7_days' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The stored size goes out as Content-Length, so a cut-off file can be told from a whole one.
    expect(Number(pdf.headers['content-length'])).toBe(pdf.rawPayload.length);
    const xlsx = await post('/api/v1/reports/export/all/excel', { time_period: 'yesterday' });
    expect(xlsx.statusCode).toBe(200);
    const sheets = await readXlsx(xlsx.rawPayload);
    expect([...sheets.keys()]).toEqual(
      expect.arrayContaining(['Summary', 'All appointments', 'All messages', 'All voice calls']),
    );
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['empty body', undefined],
    ['wrong types', { report_type: 'dashboard', format: 'pdf', include_charts: 'yes' }],
    ['unknown field', { report_type: 'dashboard', format: 'pdf', colour: 'red' }],
    ['unknown report type', { report_type: 'payroll', format: 'pdf' }],
    ['huge title', { report_type: 'dashboard', format: 'pdf', title: 'x'.repeat(10_000) }],
    ['custom without dates', { report_type: 'dashboard', format: 'pdf', time_period: 'custom' }],
    [
      'dates out of order',
      {
        report_type: 'dashboard',
        format: 'csv',
        time_period: 'custom',
        start_date: '2026-05-02',
        end_date: '2026-05-01',
      },
    ],
    ['rows as PDF', { report_type: 'appointments', format: 'pdf', include_rows: true }],
    ['bad filter id', { report_type: 'appointments', format: 'csv', filters: { practitioner_id: 'ॐ' } }],
  ])('%s → 400 problem', async (_, body) => {
    const before = (await get('/api/v1/reports?limit=200')).json().data.length;
    const res = await post('/api/v1/reports/generate', body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await get('/api/v1/reports?limit=200')).json().data.length).toBe(before);
  });

  it("another tenant's tenant_id answers 404; a bad signed link answers 404", async () => {
    const res = await post('/api/v1/reports/generate', {
      report_type: 'dashboard',
      format: 'pdf',
      tenant_id: other.id,
    });
    expect(res.statusCode).toBe(404);
    const any = (await get('/api/v1/reports?limit=1')).json().data[0];
    const forged = await t.app.inject({
      url: `/api/v1/reports/${any.id}/file?tenant=${demo.id}&expires=9999999999&sig=${'A'.repeat(43)}`,
    });
    expect(forged.statusCode).toBe(404);
  });
});

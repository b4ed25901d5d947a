import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { inkOfPage1, isPng, pdfText, renderPng } from '../../../../../test/helpers/poppler.js';
import { parseCsv } from '../../../../../test/helpers/reports.js';
import type { ReportDocument } from '../report.model.js';
import { neutralise, writeCsv } from './csv.js';
import { formatValue } from './format-value.js';
import { writePdf } from './pdf.js';
import { CHART_COLOURS } from './pdf-charts.js';
import { writeXlsx } from './xlsx.js';

const dir = mkdtempSync(path.join(tmpdir(), 'prm-formats-'));
afterAll(() => (process.env.KEEP_PDF ? undefined : rmSync(dir, { recursive: true, force: true })));

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  out.end();
  return Buffer.concat(chunks);
}

const NAMES = ['अनन्या शर्मा', 'ஸ்ரீனிவாசன் ஐயர்', 'ಕಾವ್ಯ ರಾವ್', 'প্রিয়া ব্যানার্জী', 'Zoë D’Souza', 'José Fernandes'];

function fixture(rows = 80): ReportDocument {
  return {
    organization: 'Clínica São Paulo',
    title: 'Monthly Appointment Report',
    period: 'Last 30 days (2026-11-01 – 2026-11-30)',
    generatedAt: new Date('2026-12-01T07:30:00Z'),
    timeZone: 'Asia/Kolkata',
    sections: [
      {
        title: 'Appointments',
        metrics: [
          { key: 'total', label: 'Appointments', type: 'integer', value: 12345, previous: 10000 },
          { key: 'no_show_rate', label: 'No-show rate', type: 'percent', value: 0.0825, previous: 0.1 },
          { key: 'lead', label: 'Lead time', type: 'seconds', value: 5400, previous: null },
        ],
        charts: [
          {
            kind: 'line',
            title: 'Appointments per day',
            labels: ['11-01', '11-02', '11-03'],
            series: [{ name: 'Booked', values: [3, 9, 4] }],
          },
          {
            kind: 'pie',
            title: 'By status',
            labels: ['completed', 'no_show'],
            series: [{ name: 'Count', values: [70, 30] }],
          },
        ],
        tables: [
          {
            name: 'By practitioner',
            columns: [
              { key: 'name', header: 'Practitioner', type: 'text', width: 30 },
              { key: 'day', header: 'Day', type: 'date' },
              { key: 'count', header: 'Appointments', type: 'integer' },
              { key: 'rate', header: 'No-show rate', type: 'percent' },
            ],
            rows: Array.from({ length: rows }, (_, i) => ({
              name: NAMES[i % NAMES.length] as string,
              day: new Date(Date.UTC(2026, 10, 1 + (i % 30))),
              count: i * 7,
              rate: (i % 10) / 10,
            })),
          },
        ],
      },
    ],
  };
}

describe('CSV', () => {
  it('neutralises every cell a spreadsheet would evaluate, and only those (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = neutralise(s);
        if (/^[=+\-@\t\r]/.test(s)) expect(out).toBe(`'${s}`);
        else expect(out).toBe(s);
        expect(/^[=+\-@\t\r]/.test(out)).toBe(false);
      }),
    );
  });

  it('round-trips any text as RFC 4180 with CRLF records and doubled quotes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 20 }),
        async (cells) => {
          const doc: ReportDocument = {
            ...fixture(0),
            sections: [
              {
                title: 't',
                tables: [
                  {
                    name: 't',
                    columns: [{ key: 'v', header: 'v', type: 'text' }],
                    rows: cells.map((v) => ({ v })),
                  },
                ],
              },
            ],
          };
          const csv = (await collect((o) => writeCsv(doc, o))).toString('utf8');
          expect(csv.endsWith('\r\n')).toBe(true);
          expect(parseCsv(csv).map((r) => r[0])).toEqual(['v', ...cells.map(neutralise)]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes UTF-8 with an optional BOM, numbers as numbers and a titled block per table', async () => {
    const csv = await collect((o) => writeCsv(fixture(3), o, { bom: true }));
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.toString('utf8').slice(1);
    expect(text).toContain('अनन्या शर्मा,2026-11-01,0,0\r\n');
    expect(text).toContain('Appointments,No-show rate,no_show_rate,0.0825,0.1,-0.175');
    expect(text).toContain('# By practitioner\r\n');
    expect((await collect((o) => writeCsv(fixture(1), o))).subarray(0, 1).toString()).toBe('#');
  });
});

describe('XLSX', () => {
  it('has a sheet per section with typed cells, a styled frozen header, auto-filter and widths', async () => {
    const file = path.join(dir, 'r.xlsx');
    writeFileSync(file, await collect((o) => writeXlsx(fixture(5), o)));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'By practitioner']);
    const summary = wb.getWorksheet('Summary') as ExcelJS.Worksheet;
    expect(summary.getRow(3).getCell(4).value).toBe(0.0825);
    expect(summary.getRow(3).getCell(4).numFmt).toBe('0.0%');
    expect(summary.getRow(2).getCell(4).numFmt).toBe('#,##0');
    const ws = wb.getWorksheet('By practitioner') as ExcelJS.Worksheet;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getRow(1).getCell(1).value).toBe('Practitioner');
    expect(ws.autoFilter).toBe('A1:D6');
    expect(ws.getColumn(1).width).toBe(30);
    expect(ws.getRow(3).getCell(1).value).toBe('ஸ்ரீனிவாசன் ஐயர்');
    expect(ws.getRow(3).getCell(2).value).toEqual(new Date(Date.UTC(2026, 10, 2)));
    expect(ws.getRow(3).getCell(3).value).toBe(7);
    expect(ws.getRow(3).getCell(4).value).toBe(0.1);
    expect(ws.getRow(3).getCell(4).numFmt).toBe('0.0%');
  });
});

describe('PDF', () => {
  it('renders header, figures, Indian scripts and accents, repeated table headers and page numbers', async () => {
    const file = path.join(dir, 'r.pdf');
    writeFileSync(file, await collect((o) => writePdf(fixture(120), o)));
    const text = pdfText(file);
    expect(text).toContain('Clínica São Paulo');
    expect(text).toContain('Monthly Appointment Report');
    expect(text).toContain('Generated 2026-12-01 13:00 (Asia/Kolkata)');
    expect(text).toContain(formatValue(12345, 'integer', 'UTC'));
    expect(text).toContain('8.3%');
    for (const n of ['ஸ்ரீனிவாசன் ஐயர்', 'ಕಾವ್ಯ ರಾವ್', 'Zoë D’Souza', 'José Fernandes']) expect(text).toContain(n);
    // Devanagari and Bengali glyphs are stored in visual order (a reph or pre-base vowel moves), so the
    // extracted text is reordered; every character must still be there, mapped from a real glyph.
    for (const n of ['अनन्या शर्मा', 'প্রিয়া ব্যানার্জী']) for (const ch of n) expect(text).toContain(ch);
    const embedded = execFileSync('pdffonts', [file]).toString();
    for (const f of [
      'NotoSans-Regular',
      'NotoSansDevanagari',
      'NotoSansTamil',
      'NotoSansKannada',
      'NotoSansBengali',
    ])
      expect(embedded).toContain(f);
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(2);
    for (const [i, p] of pages.entries()) expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
    for (const p of pages.slice(1)) expect(p).toContain('Practitioner');
  });

  it('page 1 is not blank, and charts add drawn pixels when asked for', async () => {
    const withCharts = path.join(dir, 'c.pdf');
    const without = path.join(dir, 'n.pdf');
    const doc = fixture(0);
    writeFileSync(withCharts, await collect((o) => writePdf(doc, o)));
    const plain = { ...doc, sections: doc.sections.map((s) => ({ ...s, charts: [] })) };
    writeFileSync(without, await collect((o) => writePdf(plain, o)));
    expect(isPng(renderPng(withCharts))).toBe(true);
    const a = inkOfPage1(withCharts, CHART_COLOURS);
    expect(a.inked).toBeGreaterThan(0.01);
    expect(inkOfPage1(without, CHART_COLOURS).coloured).toBe(0);
    expect(a.coloured).toBeGreaterThan(0.005);
    expect(readFileSync(withCharts).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

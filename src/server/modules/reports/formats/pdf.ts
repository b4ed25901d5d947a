import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import {
  type CellType,
  type Column,
  iterate,
  type Metric,
  type ReportDocument,
  type Section,
  type Table,
  trend,
} from '../report.model.js';
import { formatInstant, formatValue } from './format-value.js';
import { drawChart } from './pdf-charts.js';
import { type Doc, put, registerFonts } from './pdf-text.js';

const MARGIN = 40;
const ROW_H = 14;
const MUTED = '#64748b';
const NUMERIC = new Set<CellType>(['integer', 'number', 'percent', 'seconds']);

class Layout {
  constructor(
    readonly doc: Doc,
    readonly timeZone: string,
  ) {}
  y = MARGIN;
  get width() {
    return this.doc.page.width - 2 * MARGIN;
  }
  get bottom() {
    return this.doc.page.height - MARGIN - 20;
  }
  /** Start a new page unless `h` more points fit on this one. */
  ensure(h: number) {
    if (this.y + h <= this.bottom) return false;
    this.doc.addPage();
    this.y = MARGIN;
    return true;
  }
}

function header(l: Layout, doc: ReportDocument) {
  put(l.doc, doc.organization, MARGIN, l.y, { size: 10, color: MUTED, width: l.width });
  put(l.doc, doc.title, MARGIN, l.y + 14, { size: 20, bold: true, width: l.width });
  put(l.doc, doc.period, MARGIN, l.y + 42, { size: 10, width: l.width });
  const at = `Generated ${formatInstant(doc.generatedAt, doc.timeZone)} (${doc.timeZone})`;
  put(l.doc, at, MARGIN, l.y + 56, { size: 9, color: MUTED, width: l.width });
  l.y += 80;
}

function metricCards(l: Layout, metrics: Metric[]) {
  const perRow = 4;
  const gap = 8;
  const w = (l.width - gap * (perRow - 1)) / perRow;
  const h = 46;
  metrics.forEach((m, i) => {
    if (i % perRow === 0) {
      if (i > 0) l.y += h + gap;
      l.ensure(h);
    }
    const x = MARGIN + (i % perRow) * (w + gap);
    l.doc.roundedRect(x, l.y, w, h, 4).fillAndStroke('#f8fafc', '#e2e8f0');
    put(l.doc, m.label, x + 6, l.y + 5, { size: 7, color: MUTED, width: w - 12 });
    put(l.doc, formatValue(m.value, m.type, l.timeZone), x + 6, l.y + 15, {
      size: 13,
      bold: true,
      width: w - 12,
    });
    const t = trend(m);
    // Up is not always good (a no-show rate), so the trend is stated, not coloured.
    const text =
      t === null
        ? 'no previous figure'
        : `${t >= 0 ? '+' : '−'}${(Math.abs(t) * 100).toFixed(1)}% vs previous period`;
    put(l.doc, text, x + 6, l.y + 33, { size: 6.5, color: MUTED, width: w - 12 });
  });
  if (metrics.length > 0) l.y += h + 12;
}

function charts(l: Layout, section: Section) {
  const w = (l.width - 12) / 2;
  const h = 170;
  (section.charts ?? []).forEach((c, i) => {
    if (i % 2 === 0) l.ensure(h);
    drawChart(l.doc, c, { x: MARGIN + (i % 2) * (w + 12), y: l.y, w, h });
    if (i % 2 === 1 || i === (section.charts?.length ?? 0) - 1) l.y += h + 12;
  });
}

async function table(l: Layout, t: Table) {
  // Dates keep the room they need to be read whole; the other columns share the rest by their widths.
  const fixed = (c: Column) => (c.type === 'date' ? 50 : c.type === 'datetime' ? 72 : 0);
  const room = l.width - t.columns.reduce((a, c) => a + fixed(c), 0);
  const total = t.columns.reduce((a, c) => a + (fixed(c) ? 0 : (c.width ?? 14)), 0);
  const widths = t.columns.map((c) => fixed(c) || ((c.width ?? 14) / total) * room);
  const headRow = () => {
    l.doc.rect(MARGIN, l.y, l.width, ROW_H).fill('#1f4e79');
    let x = MARGIN;
    t.columns.forEach((c, i) => {
      put(l.doc, c.header, x + 3, l.y + 3, {
        size: 7.5,
        bold: true,
        color: '#ffffff',
        width: (widths[i] ?? 0) - 6,
      });
      x += widths[i] ?? 0;
    });
    l.y += ROW_H;
  };
  l.ensure(ROW_H * 3 + 18);
  put(l.doc, t.name, MARGIN, l.y, { size: 11, bold: true, width: l.width });
  l.y += 16;
  headRow();
  let n = 0;
  for await (const row of iterate(t.rows)) {
    if (l.ensure(ROW_H)) headRow();
    if (n++ % 2 === 1) l.doc.rect(MARGIN, l.y, l.width, ROW_H).fill('#f1f5f9');
    let x = MARGIN;
    t.columns.forEach((c, i) => {
      const type = t.cellType?.(row, c) ?? c.type;
      const right = NUMERIC.has(type);
      const text = formatValue(row[c.key] ?? null, type, l.timeZone);
      put(l.doc, text, x + 3, l.y + 3.5, {
        size: 7.5,
        width: (widths[i] ?? 0) - 6,
        ...(right ? { align: 'right' } : {}),
      });
      x += widths[i] ?? 0;
    });
    l.y += ROW_H;
  }
  l.y += 12;
}

function pageNumbers(doc: Doc) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin; without this pdfkit would start a page to fit it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const label = `Page ${i + 1} of ${range.count}`;
    put(doc, label, MARGIN, doc.page.height - MARGIN + 8, {
      size: 8,
      color: MUTED,
      width: doc.page.width - 2 * MARGIN,
      align: 'right',
    });
    doc.page.margins.bottom = bottom;
  }
}

/** A4 PDF: header, then per section its metric cards with trends, charts and tables; page numbers last. */
export async function writePdf(report: ReportDocument, out: Writable) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: report.title, Author: report.organization, Creator: 'PRM' },
  });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve).on('error', reject);
  });
  doc.pipe(out);
  registerFonts(doc);
  const l = new Layout(doc, report.timeZone);
  header(l, report);
  for (const s of report.sections) {
    l.ensure(60);
    put(doc, s.title, MARGIN, l.y, { size: 14, bold: true, width: l.width });
    l.y += 22;
    metricCards(l, s.metrics ?? []);
    charts(l, s);
    for (const t of s.tables ?? []) await table(l, t);
  }
  pageNumbers(doc);
  doc.end();
  await finished;
}

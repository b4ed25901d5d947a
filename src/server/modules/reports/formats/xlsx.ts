import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Cell, type CellType, iterate, type ReportDocument, type Table } from '../report.model.js';
import { metricTable, neutralise } from './csv.js';

const NUM_FMT: Partial<Record<CellType, string>> = {
  integer: '#,##0',
  number: '#,##0.##',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  seconds: '#,##0',
};
const DEFAULT_WIDTH: Record<CellType, number> = {
  text: 24,
  integer: 12,
  number: 14,
  percent: 11,
  date: 12,
  datetime: 18,
  seconds: 12,
};
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } } as const;

/** Excel keeps no zone: an instant is shown as the tenant's wall-clock time, the way staff read it. */
export function excelValue(v: Cell, type: CellType, timeZone: string): ExcelJS.CellValue {
  if (v === null) return null;
  if (v instanceof Date) return type === 'date' ? v : wallClock(v, timeZone);
  if (typeof v === 'string') return neutralise(v);
  return v;
}

function wallClock(at: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')));
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(name: string, used: Set<string>) {
  const base = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28) || 'Sheet';
  let candidate = base;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${base} ${i}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, t: Table, name: string, tz: string) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.columns.map((c) => ({
    key: c.key,
    header: c.header,
    width: c.width ?? DEFAULT_WIDTH[c.type],
    ...(NUM_FMT[c.type] ? { style: { numFmt: NUM_FMT[c.type] } } : {}),
  }));
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = HEADER_FILL;
  header.commit();
  let count = 0;
  for await (const row of iterate(t.rows)) {
    const values: Record<string, ExcelJS.CellValue> = {};
    for (const c of t.columns) values[c.key] = excelValue(row[c.key] ?? null, c.type, tz);
    const r = ws.addRow(values);
    if (t.cellType)
      t.columns.forEach((c, i) => {
        const type = t.cellType?.(row, c) ?? c.type;
        const fmt = NUM_FMT[type];
        if (type !== c.type && fmt) r.getCell(i + 1).numFmt = fmt;
      });
    r.commit();
    count++;
  }
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, count + 1), column: t.columns.length },
  };
  ws.commit();
}

/** A workbook streamed to `out`: rows are committed as they come, so memory does not grow with them. */
export async function writeXlsx(doc: ReportDocument, out: Writable) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'PRM';
  wb.created = doc.generatedAt;
  wb.title = doc.title;
  const used = new Set<string>();
  const metrics = doc.sections.flatMap((s) => (s.metrics ?? []).map((m) => ({ section: s.title, m })));
  if (metrics.length > 0)
    await writeSheet(wb, metricTable(metrics), sheetName('Summary', used), doc.timeZone);
  for (const s of doc.sections)
    for (const t of s.tables ?? []) await writeSheet(wb, t, sheetName(t.name, used), doc.timeZone);
  await wb.commit();
}

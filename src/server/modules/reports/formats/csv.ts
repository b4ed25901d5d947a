import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import {
  type Cell,
  type CellType,
  type Column,
  iterate,
  type Metric,
  type ReportDocument,
  type Table,
  trend,
} from '../report.model.js';

/** Characters that make Excel, LibreOffice or Sheets read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that a spreadsheet would evaluate gets a leading apostrophe, shown as text instead. */
export const neutralise = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);

export function csvCell(value: Cell, type: Column['type']): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return neutralise(value);
}

export type CsvOptions = { bom?: boolean };

async function writeChunk(out: Writable, chunk: string) {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** RFC 4180 (CRLF, quotes doubled, fields with separators quoted) in UTF-8, with back-pressure. */
async function writeTable(out: Writable, table: Table) {
  const csv = stringify({ record_delimiter: 'windows' });
  const done = new Promise<void>((resolve, reject) => {
    csv.on('end', resolve).on('error', reject);
  });
  csv.pipe(out, { end: false });
  const put = async (cells: string[]) => {
    if (!csv.write(cells)) await new Promise<void>((resolve) => csv.once('drain', resolve));
  };
  await put(table.columns.map((c) => neutralise(c.header)));
  for await (const row of iterate(table.rows)) {
    await put(table.columns.map((c) => csvCell(row[c.key] ?? null, c.type)));
  }
  csv.end();
  await done;
}

/**
 * One CSV stream. A single-table document (a row export) is just that table; a report with several
 * sections writes a metric table first, then each breakdown table after a blank line, titled by a row.
 */
export async function writeCsv(doc: ReportDocument, out: Writable, opts: CsvOptions = {}) {
  if (opts.bom) await writeChunk(out, '\uFEFF');
  const tables: Table[] = [];
  const metrics = doc.sections.flatMap((s) => (s.metrics ?? []).map((m) => ({ section: s.title, m })));
  if (metrics.length > 0) tables.push(metricTable(metrics));
  for (const s of doc.sections) tables.push(...(s.tables ?? []));
  for (const [i, t] of tables.entries()) {
    if (tables.length > 1) await writeChunk(out, `${i > 0 ? '\r\n' : ''}# ${neutralise(t.name)}\r\n`);
    await writeTable(out, t);
  }
}

export function metricTable(metrics: { section: string; m: Metric }[]): Table {
  return {
    name: 'Summary',
    columns: [
      { key: 'section', header: 'Section', type: 'text', width: 18 },
      { key: 'metric', header: 'Metric', type: 'text', width: 32 },
      { key: 'key', header: 'Key', type: 'text', width: 28 },
      { key: 'value', header: 'Value', type: 'number', width: 14 },
      { key: 'previous', header: 'Previous period', type: 'number', width: 16 },
      { key: 'change', header: 'Change', type: 'percent', width: 12 },
    ],
    rows: metrics.map(({ section, m }) => ({
      section,
      metric: m.label,
      key: m.key,
      type: m.type,
      value: m.value,
      previous: m.previous,
      change: trend(m),
    })),
    cellType: (row, c) => (c.key === 'value' || c.key === 'previous' ? (row.type as CellType) : c.type),
  };
}

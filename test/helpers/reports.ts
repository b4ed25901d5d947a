import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { hasDirty } from '../../src/server/modules/analytics/analytics.repository.js';
import type { Database } from '../../src/server/platform/db/client.js';

/** The background analytics fold has caught up: no dirty marks left (polled, with a deadline). */
export async function folded(database: Database, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (await hasDirty(database.db)) {
    if (Date.now() > deadline) throw new Error(`fold did not catch up within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'prm-reports-test-'));
let n = 0;

/** Keep a response body as a file (pdftotext and pdftoppm read files). */
export function saveFile(body: Buffer, ext: string) {
  const file = path.join(dir, `${++n}.${ext}`);
  writeFileSync(file, body);
  return file;
}

/** An XLSX read back with exceljs: sheet name → rows of cell values (header row first). */
export async function readXlsx(body: Buffer): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out = new Map<string, unknown[][]>();
  for (const ws of wb.worksheets) {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    out.set(ws.name, rows);
  }
  return out;
}

/** Parse RFC 4180 back (quoted fields, doubled quotes, CRLF records) to check the writer's output. */
export function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const next = s[i + 1];
    if (quoted && ch === '"' && next === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) field += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' && next === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += ch;
  }
  return rows;
}

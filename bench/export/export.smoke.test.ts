import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/db.js';
import { exportRows, seedAppointments } from './bench.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let tenant: string;
const N = 2500;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await seedAppointments(database, N);
}, 60_000);
afterAll(() => database.drop());

describe('bench/export smoke', () => {
  it('exports a range as CSV and XLSX across several keyset batches, every row once', async () => {
    const csv = path.join(tmpdir(), `prm-smoke-${process.pid}.csv`);
    const xlsx = path.join(tmpdir(), `prm-smoke-${process.pid}.xlsx`);
    try {
      const a = await exportRows(database, tenant, 'csv', 2100, csv);
      expect(a.rows).toBe(2100);
      const text = readFileSync(csv, 'utf8');
      // Quoted newlines inside a field: count records by their id column instead of lines.
      expect(new Set(text.match(/^[0-9a-f-]{36},/gm)).size).toBe(2100);
      expect(text).toContain(`'=HYPERLINK(""x"")`);
      const b = await exportRows(database, tenant, 'xlsx', N, xlsx);
      expect(b.rows).toBe(N);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx);
      expect(wb.worksheets[0]?.rowCount).toBe(N + 1);
      expect(b.peakRss).toBeGreaterThanOrEqual(b.startRss);
    } finally {
      rmSync(csv, { force: true });
      rmSync(xlsx, { force: true });
    }
  });
});

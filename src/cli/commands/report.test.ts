import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/helpers/poppler.js';
import { readXlsx } from '../../../test/helpers/reports.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'prm-report-cli-'));
const { DATABASE_URL: _unused, ...env } = process.env;
// Embedded PGlite in a temporary directory, whatever database the suite itself runs on.
const prm = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/prm.ts', ...args], { env: { ...env, DATA_DIR: dir } });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prm report', () => {
  it('writes the PDF and the workbook asked for, and refuses a bad option with a usage error', async () => {
    await prm('seed', '--patients', '40', '--days', '20', '--practitioners', '2');
    const pdf = path.join(dir, 'file.pdf');
    const a = await prm(
      'report',
      '--type',
      'dashboard',
      '--format',
      'pdf',
      '--period',
      'last_30_days',
      '-o',
      pdf,
    );
    expect(a.stdout).toMatch(/^Wrote .*file\.pdf \(\d+ bytes\) for /);
    expect(pdfText(pdf)).toContain('Dashboard overview');
    const xlsx = path.join(dir, 'rows.xlsx');
    const b = await prm('report', '--type', 'appointments', '--format', 'xlsx', '--rows', '-o', xlsx);
    const rows = Number(b.stdout.match(/, (\d+) rows\)/)?.[1]);
    const sheets = await readXlsx(readFileSync(xlsx));
    expect(rows).toBeGreaterThan(0);
    expect((sheets.get('All appointments')?.length ?? 0) - 1).toBe(rows);
    await expect(prm('report', '--type', 'payroll')).rejects.toMatchObject({
      stderr: expect.stringMatching(/report_type/),
    });
  }, 120_000);
});

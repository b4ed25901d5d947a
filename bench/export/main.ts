import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDatabase } from '../scratch-db.js';
import { type ExportResult, seedAppointments } from './bench.js';

/*
 * Row exports of 10k, 100k and 1M appointments as CSV and XLSX, each in its own process: rows/s and the
 * peak RSS while exporting. The 10k run of each format is the baseline; the target is a peak RSS at 1M
 * at most 100 MB above the 10k one (memory flat in the number of rows).
 */
const SIZES = (process.env.BENCH_EXPORT_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const here = path.dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const database = await scratchDatabase();
try {
  const started = Date.now();
  const tenant = await seedAppointments(database, Math.max(...SIZES));
  process.stdout.write(
    `seeded ${Math.max(...SIZES)} appointments in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  for (const format of ['csv', 'xlsx']) {
    let base: ExportResult | null = null;
    for (const n of SIZES) {
      const out = execFileSync(process.execPath, [
        '--import',
        'tsx',
        path.join(here, 'one.ts'),
        database.url as string,
        tenant,
        format,
        String(n),
      ]);
      const r = JSON.parse(out.toString().trim().split('\n').at(-1) as string) as ExportResult;
      base ??= r;
      const growth = (r.peakRss - base.peakRss) / MB;
      process.stdout.write(
        `export ${format} ${n} rows: ${Math.round(r.rows / r.seconds)} rows/s (${(r.rows / r.seconds / (base.rows / base.seconds)).toFixed(2)}x of 10k), peak RSS ${(r.peakRss / MB).toFixed(0)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB vs ${base.rows} rows, target ≤ +100 MB${growth <= 100 ? ' ✓' : ' ✗'})\n`,
      );
    }
  }
} finally {
  await database.drop();
}

import { createWriteStream } from 'node:fs';
import { sql } from 'drizzle-orm';
import { rowColumns } from '../../src/server/modules/reports/exports.columns.js';
import { streamRows } from '../../src/server/modules/reports/exports.repository.js';
import { writeCsv } from '../../src/server/modules/reports/formats/csv.js';
import { writeXlsx } from '../../src/server/modules/reports/formats/xlsx.js';
import type { ReportDocument } from '../../src/server/modules/reports/report.model.js';
import type { Database } from '../../src/server/platform/db/client.js';

export const BASE = new Date('2025-01-01T00:00:00Z');
export type ExportFormat = 'csv' | 'xlsx';

/**
 * One organisation with `n` appointments one minute apart, so the first k rows are exactly the range
 * [BASE, BASE + k minutes): every size is a range of the same table. Names mix scripts like the demo.
 */
export async function seedAppointments(database: Database, n: number): Promise<string> {
  const db = database.db;
  const [org] = (
    (await db.execute(sql`insert into organizations (id, name, slug) values (gen_random_uuid(), 'Bench clinic',
      'bench-' || substr(md5(random()::text), 1, 8)) returning id`)) as unknown as { rows: { id: string }[] }
  ).rows;
  const tenant = org?.id as string;
  await db.execute(sql`insert into practitioners (id, tenant_id, name)
    select gen_random_uuid(), ${tenant}::uuid, 'Dr. ' || (array['Priya','Ravi','Zoë','José','அருண்'])[1 + i % 5] || ' ' || i
    from generate_series(1, 10) i`);
  await db.execute(sql`insert into patients (id, tenant_id, full_name, phone)
    select gen_random_uuid(), ${tenant}::uuid, (array['अनन्या शर्मा','Zoë D’Souza','ஸ்ரீனிவாசன் ஐயர்','=HYPERLINK("x")','José Fernandes'])[1 + i % 5] || ' ' || i,
      '+9198' || lpad(i::text, 8, '0')
    from generate_series(1, 2000) i`);
  // Inserted in chunks so one statement never holds a million rows' worth of trigger work at once.
  for (let from = 0; from < n; from += 100_000) {
    const to = Math.min(n, from + 100_000);
    await db.execute(sql`
      with pr as (select array_agg(id order by id) a from practitioners where tenant_id = ${tenant}),
           pa as (select array_agg(id order by id) a from patients where tenant_id = ${tenant})
      insert into appointments (id, tenant_id, patient_id, practitioner_id, starts_at, ends_at, duration_minutes, status, source, reason)
      select gen_random_uuid(), ${tenant}::uuid, pa.a[1 + i % 2000], pr.a[1 + i % 10],
        ${BASE.toISOString()}::timestamptz + make_interval(mins => i),
        ${BASE.toISOString()}::timestamptz + make_interval(mins => i + 15), 15,
        (array['booked','confirmed','completed','cancelled','no_show'])[1 + i % 5], 'staff', 'Follow-up, "quoted", line' || chr(10) || 'two'
      from generate_series(${from}::int, ${to - 1}::int) i, pr, pa`);
  }
  await db.execute(sql`analyze appointments`);
  await db.execute(sql`analyze patients`);
  return tenant;
}

export type ExportResult = { rows: number; seconds: number; startRss: number; peakRss: number };

/** Export the first `n` rows as a staff member would get them, sampling RSS while it runs. */
export async function exportRows(
  database: Database,
  tenantId: string,
  format: ExportFormat,
  n: number,
  file: string,
): Promise<ExportResult> {
  let rows = 0;
  const q = { from: BASE, to: new Date(BASE.getTime() + n * 60_000), filters: {}, withIdentity: true };
  async function* counted() {
    for await (const r of streamRows(database.db, tenantId, 'appointments', q)) {
      rows++;
      yield r;
    }
  }
  const doc: ReportDocument = {
    organization: 'Bench clinic',
    title: 'Export',
    period: '',
    generatedAt: new Date(),
    timeZone: 'Asia/Kolkata',
    sections: [
      {
        title: 'All appointments',
        tables: [{ name: 'All appointments', columns: rowColumns('appointments', 'staff'), rows: counted() }],
      },
    ],
  };
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  const out = createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => out.on('close', resolve).on('error', reject));
  if (format === 'csv') await writeCsv(doc, out);
  else await writeXlsx(doc, out);
  if (!out.writableEnded) out.end();
  await closed;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return { rows, seconds: (performance.now() - started) / 1000, startRss, peakRss };
}

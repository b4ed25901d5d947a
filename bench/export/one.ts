import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/server/platform/db/client.js';
import { type ExportFormat, exportRows } from './bench.js';

// One export in a fresh process, so its peak RSS is its own: url tenant format rows.
const [url, tenant, format, n] = process.argv.slice(2) as [string, string, ExportFormat, string];
const database = await openDatabase({ url, poolSize: 2 });
const file = path.join(tmpdir(), `prm-bench-export-${process.pid}.${format}`);
try {
  const r = await exportRows(database, tenant, format, Number(n), file);
  process.stdout.write(`${JSON.stringify(r)}\n`);
} finally {
  rmSync(file, { force: true });
  await database.close();
}

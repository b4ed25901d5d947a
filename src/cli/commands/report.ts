import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Config } from '../../server/config.js';
import { openConfiguredDatabase } from '../../server/main.js';
import { AnswerCache } from '../../server/modules/analytics/analytics.cache.js';
import type { GenerateDeps } from '../../server/modules/reports/report.run.js';
import { ReportStorage } from '../../server/modules/reports/report.storage.js';
import { organizationsFor } from '../../server/modules/reports/reports.repository.js';
import { scheduledRequest } from '../../server/modules/reports/reports.schemas.js';
import { generateNow } from '../../server/modules/reports/reports.service.js';
import type { Database } from '../../server/platform/db/client.js';
import { type Command, UsageError } from './types.js';

/** The operator at the console acts as an administrator; audit rows name this fixed actor. */
const CLI_ACTOR = '00000000-0000-0000-0000-000000000000';

async function tenantOf(database: Database, key: string | undefined) {
  const orgs = await organizationsFor(database.db, key);
  if (orgs.length === 1) return orgs[0] as (typeof orgs)[number];
  if (key) throw new UsageError(`No organisation ${key}`);
  if (orgs.length === 0) throw new UsageError('No organisation yet: run prm seed or prm start first');
  throw new UsageError(
    `Several organisations; pick one with --tenant: ${orgs.map((o) => o.slug).join(', ')}`,
  );
}

function requestOf(v: Record<string, string | boolean | undefined>) {
  const parsed = scheduledRequest.safeParse({
    report_type: v.type,
    format: v.format,
    time_period: v.period ?? (v.from ? 'custom' : undefined),
    ...(v.from ? { start_date: v.from } : {}),
    ...(v.to ? { end_date: v.to } : {}),
    include_charts: !v['no-charts'],
    include_rows: Boolean(v.rows),
    csv_bom: Boolean(v.bom),
    ...(v.title ? { title: v.title } : {}),
  });
  if (!parsed.success)
    throw new UsageError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'option'}: ${i.message}`).join('; '),
    );
  return parsed.data;
}

async function run(args: string[], config: Config) {
  const { values } = parseArgs({
    args,
    options: {
      type: { type: 'string', default: 'dashboard' },
      format: { type: 'string', default: 'pdf' },
      period: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      tenant: { type: 'string' },
      title: { type: 'string' },
      rows: { type: 'boolean' },
      bom: { type: 'boolean' },
      'no-charts': { type: 'boolean' },
      output: { type: 'string', short: 'o' },
    },
  });
  const request = requestOf(values);
  const output = values.output ?? `report.${request.format}`;
  const database = await openConfiguredDatabase(config);
  try {
    await database.migrate();
    const org = await tenantOf(database, values.tenant);
    const deps: GenerateDeps = {
      db: database.db,
      config,
      storage: new ReportStorage(path.resolve(config.dataDir)),
      answers: new AnswerCache(10),
    };
    const ctx = {
      principal: {
        tenantId: org.id,
        role: 'admin' as const,
        actorType: 'user' as const,
        actorId: CLI_ACTOR,
        userId: null,
      },
      requestId: 'cli',
    };
    const bar = new cliProgress.SingleBar(
      { format: `${request.report_type} ${request.format} [{bar}] {percentage}%`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0);
    const report = await generateNow(deps, ctx, request, (p) => bar.update(p));
    bar.update(100);
    bar.stop();
    await copyFile(deps.storage.pathOf(org.id, report.id, report.format), output);
    const rows = report.row_count !== null ? `, ${report.row_count} rows` : '';
    process.stdout.write(
      `Wrote ${output} (${report.file_size} bytes${rows}) for ${org.name}; report ${report.id}.\n`,
    );
  } finally {
    await database.close();
  }
}

export const report: Command = {
  name: 'report',
  usage: `prm report [options]      generate a report file (figures from the analytics service)
      --type T              appointments | journeys | communication | voice_calls | dashboard (default)
      --format F            pdf (default) | csv | xlsx
      --period P            last_30_days, this_month, … (default last_30_days)
      --from D --to D       a custom range of local days (YYYY-MM-DD)
      --tenant ID|SLUG      the organisation (needed when there are several)
      --rows                add every appointment/message/call in the range (csv, xlsx)
      --no-charts           leave the charts out of a PDF
      --bom                 start a CSV with a UTF-8 byte-order mark (for Excel)
      --title TEXT          the report's title
  -o, --output FILE         where to write it (default report.<format>)`,
  run,
};

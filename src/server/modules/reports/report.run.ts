import type { Config } from '../../config.js';
import { audit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { type AnswerCache, answer, scopeOf } from '../analytics/analytics.service.js';
import { withIdentity } from './exports.columns.js';
import { countRows, type Dataset, type RowQuery, streamRows } from './exports.repository.js';
import { writeCsv } from './formats/csv.js';
import { writePdf } from './formats/pdf.js';
import { writeXlsx } from './formats/xlsx.js';
import { buildDocument, DATASETS_OF, SECTIONS_OF } from './report.build.js';
import type { Mailer } from './report.mail.js';
import type { Row } from './report.model.js';
import type { LinkSigner, ReportStorage } from './report.storage.js';
import { CONTENT_TYPES } from './report.storage.js';
import * as repo from './reports.repository.js';
import type { ScheduledRequest } from './reports.schemas.js';

export const GENERATE_JOB = 'reports.generate';
export const DELIVER_JOB = 'reports.deliver';

export type ReportDeps = {
  db: Db;
  config: Config;
  jobs: JobQueue;
  storage: ReportStorage;
  signer: LinkSigner;
  mailer: Mailer;
  /** The analytics answer cache (validated by the tenant's newest change, so never stale). */
  answers: AnswerCache;
};

export type Progress = (percent: number) => void;
/** What building a file needs (no queue, no mail): the CLI builds reports with just this. */
export type GenerateDeps = Pick<ReportDeps, 'db' | 'config' | 'storage' | 'answers'>;

/** Who a stored report acts as: its requester, or for a schedule the person who created it. */
export function ctxOfReport(r: repo.ReportRow): Ctx {
  const actorId = r.requested_by ?? r.schedule_id ?? r.id;
  return {
    principal: {
      tenantId: r.tenant_id,
      role: r.role,
      actorType: r.requested_by_type === 'api_key' ? 'api_key' : 'user',
      actorId,
      userId: r.requested_by_type === 'api_key' ? null : r.requested_by,
    },
    requestId: `report-${r.id}`,
  };
}

const slug = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 80) || 'report';

/** Counts rows as they stream past, for the progress figure. */
async function* counted(rows: AsyncIterable<Row>, onRow: () => void) {
  for await (const r of rows) {
    onRow();
    yield r;
  }
}

/**
 * Build one stored report: the analytics answer for its request (the same service the analytics
 * endpoints call), then row streams if asked, written by the format's writer to storage.
 */
export async function generate(deps: GenerateDeps, r: repo.ReportRow, progress: Progress = () => {}) {
  const { db } = deps;
  const tenantId = r.tenant_id;
  const req = r.request as ScheduledRequest;
  const ctx = ctxOfReport(r);
  await repo.updateReport(db, tenantId, r.id, {
    status: 'running',
    started_at: new Date(),
    progress: 1,
    error: null,
  });
  let last = 1;
  // Progress writes are chained, not awaited per row: the rows go on, and the final write comes last.
  let pending: Promise<void> = Promise.resolve();
  const report = (p: number) => {
    const pct = Math.min(99, Math.floor(p));
    if (pct <= last) return;
    last = pct;
    progress(pct);
    pending = pending.then(() => repo.updateReport(db, tenantId, r.id, { progress: pct })).catch(() => {});
  };
  const org = await repo.organizationOf(db, tenantId);
  const scope = await scopeOf(db, ctx, {
    time_period: req.time_period,
    ...(req.start_date ? { start_date: req.start_date } : {}),
    ...(req.end_date ? { end_date: req.end_date } : {}),
    ...req.filters,
  });
  const result = await answer(
    db,
    scope,
    SECTIONS_OF[r.report_type],
    {
      aggregation: req.aggregation,
      series: true,
      breakdowns: req.include_breakdown,
    },
    deps.answers,
  );
  report(10);
  const datasets: Dataset[] = req.include_rows ? DATASETS_OF[r.report_type] : [];
  const q: RowQuery = {
    from: result.period.start,
    to: result.period.end,
    filters: req.filters,
    withIdentity: withIdentity(r.role),
  };
  let total = 0;
  for (const d of datasets) total += await countRows(db, tenantId, d, q);
  let done = 0;
  const rows = datasets.map((dataset) => ({
    dataset,
    rows: counted(streamRows(db, tenantId, dataset, q), () => {
      done++;
      if (done % 500 === 0) report(10 + (85 * done) / Math.max(1, total));
    }),
  }));
  const doc = buildDocument({
    reportType: r.report_type,
    title: r.title,
    organization: org?.name ?? '',
    timeZone: scope.timeZone,
    generatedAt: new Date(),
    answer: result,
    includeCharts: req.include_charts,
    includeSummary: req.include_summary,
    rows,
    role: r.role,
  });
  const size = await deps.storage.write(tenantId, r.id, r.format, (out) =>
    r.format === 'pdf'
      ? writePdf(doc, out)
      : r.format === 'xlsx'
        ? writeXlsx(doc, out)
        : writeCsv(doc, out, { bom: req.csv_bom }),
  );
  await pending;
  const fileName = `${slug(r.title)}-${result.period.end_date}.${r.format}`;
  await db.transaction(async (tx) => {
    await repo.updateReport(tx, tenantId, r.id, {
      status: 'completed',
      progress: 100,
      row_count: datasets.length > 0 ? done : null,
      file_size: size,
      file_name: fileName,
      content_type: CONTENT_TYPES[r.format],
      completed_at: new Date(),
    });
    if (datasets.length > 0)
      await audit(tx, ctx, 'export', 'report', [r.id], `row export of ${datasets.join(', ')}: ${done} rows`);
  });
  progress(100);
  return (await repo.findReport(db, tenantId, r.id)) as repo.ReportRow;
}

/** Job handler: a failure is recorded on the report (visible in the history) and retried by the queue. */
export async function generateJob(deps: ReportDeps, data: { tenant_id: string; report_id: string }) {
  const r = await repo.findReport(deps.db, data.tenant_id, data.report_id);
  if (!r || r.status === 'completed') return;
  try {
    const done = await generate(deps, r);
    if (done.recipients.length > 0) await enqueueDelivery(deps, done);
  } catch (err) {
    await repo.updateReport(deps.db, data.tenant_id, data.report_id, {
      status: 'failed',
      error: err instanceof Error ? err.message.slice(0, 500) : 'failed',
    });
    throw err;
  }
}

export async function enqueueDelivery(deps: ReportDeps, r: repo.ReportRow) {
  await repo.updateReport(deps.db, r.tenant_id, r.id, { delivery_status: 'pending' });
  await deps.jobs.enqueue(
    DELIVER_JOB,
    { tenant_id: r.tenant_id, report_id: r.id },
    { singletonKey: r.id, retryLimit: 4, retryDelaySeconds: 30 },
  );
}

export function signedUrl(deps: ReportDeps, r: repo.ReportRow, now = Date.now()) {
  const expires = Math.floor(now / 1000) + deps.config.reports.linkTtlHours * 3600;
  const sig = deps.signer.sign(`${r.tenant_id}.${r.id}`, expires);
  return `${deps.config.publicUrl}/api/v1/reports/${r.id}/file?tenant=${r.tenant_id}&expires=${expires}&sig=${sig}`;
}

/**
 * Delivery is at-least-once: a crash after the SMTP server accepted the e-mail and before `sent` is
 * recorded sends it again on retry. Every attempt carries this one Message-ID, so the recipients' mail
 * systems can see the repeat for what it is (Gmail, for one, keeps one copy of a Message-ID).
 */
export const deliveryMessageId = (deps: ReportDeps, r: repo.ReportRow) =>
  `<report.${r.id}@${new URL(deps.config.publicUrl).hostname}>`;

/** E-mail a finished report: attached when small enough, else as an expiring signed link. */
export async function deliverJob(deps: ReportDeps, data: { tenant_id: string; report_id: string }) {
  const r = await repo.findReport(deps.db, data.tenant_id, data.report_id);
  if (r?.status !== 'completed' || r.delivery_status === 'sent' || !r.file_name) return;
  const attach = (r.file_size ?? Number.POSITIVE_INFINITY) <= deps.config.reports.attachMaxBytes;
  const lines = [`${r.title}`, '', `Generated ${r.completed_at?.toISOString() ?? ''}.`];
  if (!attach)
    lines.push(
      '',
      `The file is ${Math.ceil((r.file_size ?? 0) / 1024)} kB, too large to attach. Download it here (the link expires in ${deps.config.reports.linkTtlHours} hours):`,
      signedUrl(deps, r),
    );
  try {
    await deps.mailer.send({
      to: r.recipients,
      subject: r.title,
      messageId: deliveryMessageId(deps, r),
      text: lines.join('\n'),
      ...(attach
        ? {
            attachment: {
              filename: r.file_name,
              content: deps.storage.readAll(r.tenant_id, r.id, r.format),
              contentType: r.content_type ?? 'application/octet-stream',
            },
          }
        : {}),
    });
  } catch (err) {
    await repo.updateReport(deps.db, r.tenant_id, r.id, {
      delivery_status: 'failed',
      delivery_error: err instanceof Error ? err.message.slice(0, 500) : 'failed',
    });
    throw err;
  }
  await repo.updateReport(deps.db, r.tenant_id, r.id, {
    delivery_status: 'sent',
    delivery_error: null,
    delivered_at: new Date(),
  });
}

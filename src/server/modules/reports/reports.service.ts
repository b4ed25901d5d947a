import { audit } from '../../platform/audit.js';
import { ANY, assertRole, type Ctx } from '../../platform/auth/principal.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { resolvePeriod } from '../../platform/time/periods.js';
import { scopeOf } from '../analytics/analytics.service.js';
import { withIdentity } from './exports.columns.js';
import { countRows } from './exports.repository.js';
import { DATASETS_OF } from './report.build.js';
import {
  ctxOfReport,
  GENERATE_JOB,
  type GenerateDeps,
  generate,
  type Progress,
  type ReportDeps,
} from './report.run.js';
import * as repo from './reports.repository.js';
import type {
  GenerateRequest,
  QuickExportRequest,
  ReportQuery,
  ScheduledRequest,
} from './reports.schemas.js';

const TITLES: Record<repo.ReportRow['report_type'], string> = {
  appointments: 'Appointments report',
  journeys: 'Care journeys report',
  communication: 'Communication report',
  voice_calls: 'Voice calls report',
  dashboard: 'Dashboard overview',
};

export const downloadPath = (id: string) => `/api/v1/reports/${id}/download`;

export const present = (r: repo.ReportRow) => ({
  ...r,
  download_url: r.status === 'completed' ? downloadPath(r.id) : null,
});

function checkTenant(ctx: Ctx, tenantId: string | undefined) {
  // Another organisation's id answers like one that does not exist.
  if (tenantId && tenantId !== ctx.principal.tenantId) throw notFound('Organization');
}

/** Rows the report would export, to decide between answering at once and a background job. */
async function rowEstimate(deps: ReportDeps, ctx: Ctx, req: ScheduledRequest) {
  if (!req.include_rows) return 0;
  const scope = await scopeOf(deps.db, ctx, {
    time_period: req.time_period,
    ...(req.start_date ? { start_date: req.start_date } : {}),
    ...(req.end_date ? { end_date: req.end_date } : {}),
  });
  const p = resolvePeriod(scope.input, scope.timeZone);
  const q = {
    from: p.start,
    to: p.end,
    filters: req.filters,
    withIdentity: withIdentity(ctx.principal.role),
  };
  let n = 0;
  for (const d of DATASETS_OF[req.report_type as repo.ReportRow['report_type']])
    n += await countRows(deps.db, ctx.principal.tenantId, d, q);
  return n;
}

function historyEntry(ctx: Ctx, request: ScheduledRequest) {
  const p = ctx.principal;
  return {
    report_type: request.report_type,
    format: request.format,
    title: request.title || TITLES[request.report_type],
    request,
    requested_by_type: p.actorType,
    requested_by: p.userId ?? p.actorId,
    role: p.role,
  };
}

/** Record and build a report right now (the inline answer, and the CLI). */
export async function generateNow(
  deps: GenerateDeps,
  ctx: Ctx,
  request: ScheduledRequest,
  progress?: Progress,
) {
  assertRole(ctx, ANY);
  const row = (await repo.insertReport(
    deps.db,
    ctx.principal.tenantId,
    historyEntry(ctx, request),
  )) as repo.ReportRow;
  return generate(deps, row, progress);
}

export type Generated =
  | { kind: 'file'; report: repo.ReportRow }
  | { kind: 'accepted'; report: repo.ReportRow };

/**
 * Record the request in the history, then build it at once when small, else in the background (202).
 * Every role may generate; an analyst's file simply has no names or phone numbers in it.
 */
export async function generateReport(deps: ReportDeps, ctx: Ctx, body: GenerateRequest): Promise<Generated> {
  assertRole(ctx, ANY);
  checkTenant(ctx, body.tenant_id);
  const { tenant_id: _, background, ...request } = body;
  const rows = await rowEstimate(deps, ctx, request);
  if (!background && rows <= deps.config.reports.syncMaxRows)
    return { kind: 'file', report: await generateNow(deps, ctx, request) };
  const p = ctx.principal;
  const row = await deps.db.transaction(async (tx) => {
    const r = (await repo.insertReport(tx, p.tenantId, historyEntry(ctx, request))) as repo.ReportRow;
    await deps.jobs.enqueue(GENERATE_JOB, { tenant_id: p.tenantId, report_id: r.id }, { tx, retryLimit: 3 });
    return r;
  });
  return { kind: 'accepted', report: row };
}

const QUICK = {
  'appointments/csv': {
    report_type: 'appointments',
    format: 'csv',
    include_summary: false,
    include_rows: true,
    include_charts: false,
    include_breakdown: false,
  },
  'dashboard/pdf': {
    report_type: 'dashboard',
    format: 'pdf',
    include_summary: true,
    include_rows: false,
    include_charts: true,
    include_breakdown: true,
  },
  'all/excel': {
    report_type: 'dashboard',
    format: 'xlsx',
    include_summary: true,
    include_rows: true,
    include_charts: false,
    include_breakdown: true,
  },
} as const;
export type QuickKind = keyof typeof QUICK;
export const QUICK_KINDS = Object.keys(QUICK) as QuickKind[];

/** The seed's one-click exports: fixed report shapes over a period and filters. */
export function quickExport(deps: ReportDeps, ctx: Ctx, kind: QuickKind, body: QuickExportRequest) {
  const { start_date, end_date, ...rest } = body;
  return generateReport(deps, ctx, {
    ...rest,
    ...QUICK[kind],
    ...(start_date ? { start_date } : {}),
    ...(end_date ? { end_date } : {}),
    aggregation: 'daily',
    csv_bom: kind === 'appointments/csv',
    background: false,
  });
}

export async function getReport(deps: ReportDeps, ctx: Ctx, id: string) {
  assertRole(ctx, ANY);
  const r = await repo.findReport(deps.db, ctx.principal.tenantId, id, ctx.principal.role);
  if (!r) throw notFound('Report');
  return present(r);
}

export async function listReports(deps: ReportDeps, ctx: Ctx, q: ReportQuery) {
  assertRole(ctx, ANY);
  const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
  const rows = await repo.listReports(deps.db, ctx.principal.tenantId, ctx.principal.role, {
    limit: q.limit,
    after,
    schedule_id: q.schedule_id,
    ...(q.status ? { status: q.status } : {}),
  });
  const page = toPage(rows, q.limit, (r) => [r.created_at.toISOString(), r.id]);
  return { ...page, data: page.data.map(present) };
}

/** A finished report's file; reading a file with patient rows is audited like any other export. */
export async function openDownload(deps: ReportDeps, ctx: Ctx, id: string) {
  assertRole(ctx, ANY);
  const r = await repo.findReport(deps.db, ctx.principal.tenantId, id, ctx.principal.role);
  if (!r) throw notFound('Report');
  return openFile(deps, ctx, r);
}

async function openFile(deps: ReportDeps, ctx: Ctx, r: repo.ReportRow, how = 'download') {
  if (r.status !== 'completed' || !r.file_name)
    throw conflict('not_ready', `The report is ${r.status}; download it once completed`);
  if (r.row_count !== null) await audit(deps.db, ctx, 'read', 'report', [r.id], how);
  return { report: r, stream: deps.storage.read(r.tenant_id, r.id, r.format) };
}

/** The e-mailed link: the signature is the authority, bound to the tenant, report and expiry. */
export async function openSignedDownload(
  deps: ReportDeps,
  tenantId: string,
  id: string,
  expires: number,
  sig: string,
) {
  if (!deps.signer.verify(`${tenantId}.${id}`, expires, sig)) throw notFound('Report');
  const r = await repo.findReport(deps.db, tenantId, id);
  if (!r) throw notFound('Report');
  return openFile(deps, ctxOfReport(r), r, 'download through a signed link');
}

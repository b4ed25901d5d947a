import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { page } from '../../platform/http/pagination.js';
import { errorResponses, idParams } from '../../platform/http/schemas.js';
import { startReportWorkers } from './report.workers.js';
import * as s from './reports.schemas.js';
import type { Generated } from './reports.service.js';
import * as service from './reports.service.js';
import * as schedules from './schedules.service.js';

const FILE =
  'The file itself (PDF, CSV or XLSX) with Content-Disposition; X-Report-Id names its history entry.';

function sendFile(
  reply: FastifyReply,
  r: { id: string; file_name: string | null; content_type: string | null; file_size: number | null },
  stream: NodeJS.ReadableStream,
) {
  const name = r.file_name ?? 'report';
  // The stored size: a client can show progress and tell a cut-off download from a complete one.
  if (r.file_size !== null) reply.header('content-length', r.file_size);
  return reply
    .header('content-type', r.content_type ?? 'application/octet-stream')
    .header(
      'content-disposition',
      `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .header('x-report-id', r.id)
    .header('cache-control', 'private, no-store')
    .send(stream);
}

export async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deps = startReportWorkers(app);
  const tags = ['reports'];
  const answer = async (reply: FastifyReply, g: Generated) => {
    if (g.kind === 'accepted')
      return reply.code(202).send({
        id: g.report.id,
        status: g.report.status,
        progress: g.report.progress,
        status_url: `/api/v1/reports/${g.report.id}`,
      });
    return sendFile(reply, g.report, deps.storage.read(g.report.tenant_id, g.report.id, g.report.format));
  };

  app.post(
    '/reports/generate',
    {
      schema: {
        tags,
        summary: 'Generate a report (PDF, CSV or XLSX): small ones answer with the file, large ones 202',
        description: `200: ${FILE} 202: the report id; poll GET /reports/{id} for status and progress.`,
        body: s.generateRequest,
        response: { 202: s.accepted, ...errorResponses },
      },
    },
    async (req, reply) => answer(reply, await service.generateReport(deps, ctxOf(req), req.body)),
  );
  for (const kind of service.QUICK_KINDS)
    app.post(
      `/reports/export/${kind}`,
      {
        schema: {
          tags,
          summary: `Quick export: ${kind.replace('/', ' as ')}`,
          description: `200: ${FILE} 202 when large, as for /reports/generate.`,
          body: s.quickExportRequest,
          response: { 202: s.accepted, ...errorResponses },
        },
      },
      async (req, reply) => answer(reply, await service.quickExport(deps, ctxOf(req), kind, req.body)),
    );
  app.get(
    '/reports',
    {
      schema: {
        tags,
        summary: 'Report history of the organisation, newest first (generated and scheduled runs)',
        querystring: s.reportQuery,
        response: { 200: page(s.report), ...errorResponses },
      },
    },
    (req) => service.listReports(deps, ctxOf(req), req.query),
  );
  app.get(
    '/reports/:id',
    {
      schema: {
        tags,
        summary: 'Status, progress %, delivery status and download link of a report',
        params: idParams,
        response: { 200: s.report, ...errorResponses },
      },
    },
    (req) => service.getReport(deps, ctxOf(req), req.params.id),
  );
  app.get(
    '/reports/:id/download',
    {
      schema: {
        tags,
        summary: 'Download a completed report',
        description: FILE,
        params: idParams,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      const { report, stream } = await service.openDownload(deps, ctxOf(req), req.params.id);
      return sendFile(reply, report, stream);
    },
  );
  app.get(
    '/reports/:id/file',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Download through the expiring signed link sent by e-mail',
        description: FILE,
        params: idParams,
        querystring: s.signedQuery.extend({ tenant: z.uuid() }),
        response: errorResponses,
      },
    },
    async (req, reply) => {
      const q = req.query;
      const { report, stream } = await service.openSignedDownload(
        deps,
        q.tenant,
        req.params.id,
        q.expires,
        q.sig,
      );
      return sendFile(reply, report, stream);
    },
  );

  app.post(
    '/reports/schedules',
    {
      schema: {
        tags,
        summary:
          'Schedule a report: daily, weekly or monthly at a local time, or cron, e-mailed to recipients',
        body: s.scheduleCreate,
        response: { 201: s.schedule, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await schedules.createSchedule(deps, ctxOf(req), req.body)),
  );
  app.get(
    '/reports/schedules',
    {
      schema: {
        tags,
        summary: 'Report schedules',
        response: { 200: z.object({ data: z.array(s.schedule) }), ...errorResponses },
      },
    },
    (req) => schedules.listSchedules(deps, ctxOf(req)),
  );
  app.get(
    '/reports/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Read a schedule',
        params: idParams,
        response: { 200: s.schedule, ...errorResponses },
      },
    },
    (req) => schedules.getSchedule(deps, ctxOf(req), req.params.id),
  );
  app.patch(
    '/reports/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Change a schedule (timing changes recompute the next run)',
        params: idParams,
        body: s.scheduleUpdate,
        response: { 200: s.schedule, ...errorResponses },
      },
    },
    (req) => schedules.updateSchedule(deps, ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/reports/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Stop a schedule (its runs stay in the history)',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await schedules.deleteSchedule(deps, ctxOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}

import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { runsWorkers } from '../../config.js';
import { AnswerCache } from '../analytics/analytics.cache.js';
import { Mailer } from './report.mail.js';
import { DELIVER_JOB, deliverJob, GENERATE_JOB, generateJob, type ReportDeps } from './report.run.js';
import { runDueSchedules } from './report.scheduler.js';
import { LinkSigner, ReportStorage } from './report.storage.js';

/** What report generation and delivery need, from an app's config, database and queue. */
export function reportDeps(app: FastifyInstance): ReportDeps {
  const { config } = app;
  const dataDir = path.resolve(config.dataDir);
  return {
    db: app.database.db,
    config,
    jobs: app.jobs,
    storage: new ReportStorage(dataDir),
    signer: new LinkSigner(config.reports.linkSecret, dataDir),
    mailer: new Mailer(config.reports.smtpUrl, config.reports.mailFrom),
    answers: new AnswerCache(100),
  };
}

/**
 * The report side of the job worker: generate and deliver jobs, and a clock that turns due schedule
 * slots into runs. Every process with the worker role runs them; the queue and the slot key keep the work
 * exactly-once.
 */
export function startReportWorkers(app: FastifyInstance): ReportDeps {
  const { config } = app;
  const deps = reportDeps(app);
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<unknown> = Promise.resolve();
  app.addHook('onReady', async () => {
    if (!runsWorkers(config)) return;
    await app.jobs.work<{ tenant_id: string; report_id: string }>(GENERATE_JOB, (d) => generateJob(deps, d), {
      concurrency: 1,
    });
    await app.jobs.work<{ tenant_id: string; report_id: string }>(DELIVER_JOB, (d) => deliverJob(deps, d), {
      concurrency: 2,
    });
    if (config.reports.schedulerMs > 0)
      timer = setInterval(() => {
        ticking = runDueSchedules(deps).catch((err: Error) =>
          app.log.warn({ err: { message: err.message } }, 'report scheduler pass failed'),
        );
      }, config.reports.schedulerMs);
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await ticking;
    deps.mailer.close();
  });
  return deps;
}

import type client from 'prom-client';
import type { JobQueue, QueueCounts } from '../jobs/queue.js';
import { scrapedGauges } from './scraped-gauges.js';

const STATES = ['ready', 'deferred', 'active', 'failed'] as const satisfies (keyof QueueCounts)[];

/**
 * The background job queues (WhatsApp sends and media, report runs and deliveries, …) as the job queue
 * last counted them: a send that keeps failing, or jobs that no worker takes, show here and nowhere else.
 */
export function jobMetrics(
  jobs: Pick<JobQueue, 'counts'>,
  registry: client.Registry,
  log: { warn(obj: object, msg: string): void },
) {
  scrapedGauges(registry, log, {
    prefix: 'prm_job_queue',
    source: 'the job queue',
    gauges: {
      jobs: {
        help: 'Background jobs by queue and state (ready, deferred: waiting for their time or a retry, active, failed: recent failures kept), as of the queue monitor’s last count (about once a minute)',
        labelNames: ['queue', 'state'],
      },
    },
    read: async (g) => {
      for (const q of await jobs.counts())
        for (const state of STATES) g.jobs.set({ queue: q.queue, state }, q[state]);
    },
  });
}

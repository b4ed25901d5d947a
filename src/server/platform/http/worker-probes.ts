import type { FastifyInstance } from 'fastify';
import { sendProblem } from './errors.js';

const PROBES = new Set(['/health', '/ready', '/metrics']);

/**
 * A worker process (ROLE=worker) listens so that orchestration can probe it and Prometheus can scrape
 * it, but it answers nothing else: the API, the dashboard and the webhooks belong to API processes, and a
 * worker that served them by mistake would be a second, unplanned entry point.
 */
export function workerProbesOnly(app: FastifyInstance) {
  app.addHook('onRequest', (request, reply, done) => {
    if (PROBES.has(request.url.split('?')[0] ?? '')) return done();
    sendProblem(
      reply,
      404,
      'not_served_by_worker',
      'This is a worker process (ROLE=worker): it serves /health, /ready and /metrics only; the API is served by the ROLE=api or ROLE=all processes',
    );
  });
}

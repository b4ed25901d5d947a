import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import client from 'prom-client';
import { jobMetrics } from './job-metrics.js';
import { ledgerMetrics } from './ledger-metrics.js';

/**
 * Prometheus metrics at /metrics (process defaults, request durations by route template, never by raw
 * URL, so no ids or PHI become label values; the webhook ledger's backlog and the job queues), and load
 * shedding: 503 before the event loop drowns.
 */
export const metricsPlugin = fp(async (app: FastifyInstance) => {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  ledgerMetrics(app.database.db, registry, app.log);
  jobMetrics(app.jobs, registry, app.log);
  const duration = new client.Histogram({
    name: 'prm_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const observe = (method: string, route: string, status: number, seconds: number) =>
    duration.observe({ method, route, status: String(status) }, seconds);
  app.addHook('onResponse', async (request, reply) => {
    observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  app.rawRoutes.observeWith(observe);
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  if (app.config.maxEventLoopDelayMs === 0) return;
  await app.register(underPressure, {
    maxEventLoopDelay: app.config.maxEventLoopDelayMs,
    exposeStatusRoute: false,
    pressureHandler: (_req, reply) => {
      reply.code(503).type('application/problem+json').header('retry-after', '5').send({
        type: 'https://prm.dev/problems/overloaded',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The server is overloaded; retry shortly',
      });
    },
  });
});

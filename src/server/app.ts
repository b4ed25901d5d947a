import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { mcpRoutes } from './modules/assistant/assistant.mcp.routes.js';
import { registerModules } from './modules/index.js';
import { authPlugin } from './platform/auth/auth.plugin.js';
import { loadSecretsKey, type SecretBox, secretBox } from './platform/auth/secret-box.js';
import { type BurstMeter, burstMeter } from './platform/burst-meter.js';
import type { Database } from './platform/db/client.js';
import { dashboardRoutes } from './platform/http/dashboard.js';
import { registerErrorHandling } from './platform/http/errors.js';
import { healthRoutes } from './platform/http/health.js';
import { metricsPlugin } from './platform/http/metrics.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { type RawRoutes, rawRoutes } from './platform/http/raw-routes.js';
import { genReqId } from './platform/http/request-id.js';
import { securityHeaders } from './platform/http/security-headers.js';
import { workerProbesOnly } from './platform/http/worker-probes.js';
import { type JobQueue, startJobQueue } from './platform/jobs/queue.js';

export type AppOptions = {
  config: Config;
  database: Database;
  /** Where logs go; tests pass a stream to fail on unexpected errors. */
  logStream?: DestinationStream;
  /** The background job queue; when absent the app starts its own and stops it on close. */
  jobs?: JobQueue;
  /** The built dashboard to serve at `/` (default dist/dashboard); tests point it at a fixture. */
  dashboardDir?: string;
};

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    jobs: JobQueue;
    /** Every registered route, so tests can prove each one is covered. */
    routeTable: { method: string; url: string; auth: unknown }[];
    /** Routes answered off node:http ahead of Fastify (decision 0304). */
    rawRoutes: RawRoutes;
    /**
     * Webhooks arriving at this process, or announced to it by API processes: while they come in a burst,
     * the background work gives way to acknowledging them (decision 0304).
     */
    arrivals: BurstMeter;
    /** Seals the credentials kept at rest (WhatsApp auth tokens, voice webhook secrets) with the one key. */
    secrets: SecretBox;
  }
}

export async function buildApp({
  config,
  database,
  logStream,
  jobs,
  dashboardDir,
}: AppOptions): Promise<FastifyInstance> {
  const raw = rawRoutes();
  const app = Fastify({
    // A worker serves only its probes (below): no raw webhook routes ahead of them.
    ...(config.role === 'worker' ? {} : { serverFactory: raw.serverFactory }),
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      // PHI never reaches the logs: no query strings (searches carry names and phones), no auth headers.
      serializers: {
        req: (req) => ({
          id: req.id,
          method: req.method,
          url: req.routeOptions?.url ?? req.url.split('?')[0],
        }),
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    genReqId,
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('database', database);
  const queue = jobs ?? (await startJobQueue(database, app.log));
  if (!jobs) app.addHook('onClose', () => queue.stop());
  app.decorate('jobs', queue);
  const routeTable: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  app.decorate('rawRoutes', raw);
  app.decorate('arrivals', burstMeter({ perSecond: 1000 }));
  app.decorate('secrets', secretBox(loadSecretsKey(config)));
  app.addHook('preClose', (done) => {
    raw.close();
    done();
  });
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: r.url, auth: r.config?.auth });
    }
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  if (config.role === 'worker') workerProbesOnly(app);
  registerErrorHandling(app);
  securityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await registerOpenApi(app, config.publicUrl);
  await app.register(authPlugin, { db: database.db });
  await app.register(healthRoutes);
  await app.register(metricsPlugin);
  await app.register(registerModules, { prefix: '/api/v1' });
  await app.register(mcpRoutes);
  await app.register(dashboardRoutes, { root: dashboardDir });
  return app;
}

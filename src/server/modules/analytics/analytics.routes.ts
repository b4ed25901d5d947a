import type { FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { runsWorkers } from '../../config.js';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { ANY } from '../../platform/auth/principal.js';
import { safeErrorForLog } from '../../platform/db/errors.js';
import { subscribeEvents, type Unsubscribe } from '../../platform/events/bus.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { AnswerCache as Cache } from './analytics.cache.js';
import type { Section } from './analytics.catalog.js';
import { LiveHub } from './analytics.live.js';
import { ANALYTICS_UPDATED, RollupFolder } from './analytics.rollup.js';
import * as s from './analytics.schemas.js';
import type { AnswerCache } from './analytics.service.js';
import * as service from './analytics.service.js';

const SECTION_PATHS: [string, Section, string][] = [
  [
    'appointments',
    'appointments',
    'Appointment counts by status, completion/cancellation/no-show rates, lead time',
  ],
  [
    'journeys',
    'journeys',
    'Journeys started/completed/cancelled/active, completion rate, stage time, drop-off',
  ],
  ['communication', 'communication', 'Messages in/out, conversations opened/closed, response times'],
  [
    'voice-calls',
    'voice_calls',
    'Calls total/answered/missed, duration, booking conversion, transfers, sentiment',
  ],
];

/**
 * Answers are written with JSON.stringify: they are built field by field to the response schema (a test
 * holds every answer to it), and encoding a year's daily series through zod cost more than computing
 * it. Every other status keeps the schema's serializer.
 */
type SerializerRoute = Parameters<typeof serializerCompiler>[0];
const answerSerializer = (route: Omit<SerializerRoute, 'schema'> & { schema: unknown }) =>
  String(route.httpStatus) === '200'
    ? (data: unknown) => JSON.stringify(data)
    : serializerCompiler(route as SerializerRoute);

export async function analyticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const config = { auth: ANY };
  const tags = ['analytics'];
  const cache: AnswerCache = new Cache(500);
  const folder = new RollupFolder(app.database, app.log, app.config.analyticsSweepMs, app.arrivals);
  const live = new LiveHub(app.database, app.log, app.config.analyticsHeartbeatMs, cache);
  let unsubscribe: Unsubscribe | null = null;
  app.addHook('onReady', async () => {
    // One LISTEN for the module: base-table changes wake the fold (where this process folds); folds wake
    // the streams.
    const folds = runsWorkers(app.config);
    unsubscribe = await subscribeEvents(
      app.database,
      (e) => {
        if (e.type === ANALYTICS_UPDATED) live.onUpdate(e);
        else if (folds) folder.kick();
      },
      // Changes made while the listener was away are folded now; the streams catch up at their heartbeat.
      { onReconnect: () => folds && folder.kick(), log: app.log },
    );
    if (folds) folder.start();
    live.start();
  });
  app.addHook('preClose', async () => live.endAll());
  app.addHook('onClose', async () => {
    await unsubscribe?.();
    await live.stop();
    await folder.stop();
  });

  app.get(
    '/analytics/metrics',
    {
      config,
      schema: {
        tags,
        summary: 'The metric catalog: name, label, definition, unit, breakdowns and filters of every metric',
        response: { 200: s.catalogResponse, ...errorResponses },
      },
    },
    (req) => service.catalog(ctxOf(req)),
  );
  for (const [path, section, summary] of SECTION_PATHS)
    app.get(
      `/analytics/${path}`,
      {
        config,
        schema: {
          tags,
          summary,
          description:
            'Totals with the previous period and trend %, a series per aggregation bucket, breakdowns.',
          querystring: s.analyticsQuery,
          response: { 200: s.sectionResponse, ...errorResponses },
        },
        serializerCompiler: answerSerializer,
      },
      (req) => service.sectionReport(db, ctxOf(req), section, req.query, cache),
    );
  app.get(
    '/analytics/dashboard',
    {
      config,
      schema: {
        tags,
        summary: 'Every section in one call (same parameters as the section endpoints)',
        querystring: s.analyticsQuery,
        response: { 200: s.dashboardResponse, ...errorResponses },
      },
      serializerCompiler: answerSerializer,
    },
    (req) => service.dashboard(db, ctxOf(req), req.query, cache),
  );
  app.get(
    '/analytics/realtime',
    {
      config,
      schema: {
        tags,
        summary: 'Server-sent events: changed metrics within a second of each committed change',
        description:
          'Events: `metrics` (id = change id; data.metrics holds the metrics whose values changed), ' +
          '`heartbeat`. Send Last-Event-ID to resume after a disconnect, on any server process.',
        querystring: s.realtimeQuery,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      const scope = await service.scopeOf(db, ctxOf(req), req.query);
      const header = req.headers['last-event-id'];
      const lastEventId = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : null;
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      try {
        await live.attach(reply.raw, scope, lastEventId);
      } catch (err) {
        req.log.error({ err: safeErrorForLog(err) }, 'analytics stream failed to start');
        reply.raw.end();
      }
    },
  );
}

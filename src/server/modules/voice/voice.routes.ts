import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { ADMIN, STAFF } from '../../platform/auth/principal.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import { page } from '../../platform/http/pagination.js';
import { errorResponses, idParams, problem } from '../../platform/http/schemas.js';
import * as s from './voice.schemas.js';
import * as service from './voice.service.js';
import { voiceEvent } from './voice-event.schema.js';
import { receiveVoiceEvent } from './voice-webhook.service.js';

/** A whole call with a long transcript fits; the schema then refuses what is too long, with a 400. */
const WEBHOOK_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * The webhook in its own encapsulated plugin: its only parser, JSON, keeps the raw bytes (the HMAC is over them),
 * and leaves the rest of the API's JSON parsing alone. The body is validated after verification, so an
 * unsigned request learns nothing about the schema.
 */
async function voiceWebhookRoutes(fastify: FastifyInstance, { box }: { box: SecretBox }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
  app.post(
    '/voice/webhook',
    {
      config: { auth: 'public' },
      bodyLimit: WEBHOOK_BODY_LIMIT,
      // Documented by the schemas below; checked by the service once the signature is verified.
      validatorCompiler: () => (data) => ({ value: data }),
      schema: {
        tags: ['voice'],
        summary: 'Receive a voice-agent call event (signed)',
        description:
          'Authenticate with `x-prm-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (5-minute tolerance; several `v1` during a rotation) or, when the channel allows it, `x-webhook-secret`. The organisation is the one whose secret verifies; `x-tenant-id`, when sent, must agree. 401 stores nothing. A repeated `event_id` answers 200 `duplicate` and changes nothing. An invalid event answers 400 and is kept in the ledger marked invalid.',
        security: [],
        headers: s.webhookHeaders,
        body: voiceEvent,
        response: { 200: s.webhookAck, 400: problem, 401: problem, 413: problem, 415: problem },
      },
    },
    (req) =>
      receiveVoiceEvent(db, box, {
        raw: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        headers: req.headers,
        requestId: req.id,
      }),
  );
}

export async function voiceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const publicUrl = app.config.publicUrl;
  const admin = { auth: ADMIN };
  const tags = ['voice'];
  const box = app.secrets;

  await app.register(voiceWebhookRoutes, { box });

  app.get(
    '/voice/channel',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Read the voice channel (secrets by fingerprint only)',
        response: { 200: s.channel, ...errorResponses },
      },
    },
    (req) => service.getChannel(db, ctxOf(req), publicUrl),
  );
  app.patch(
    '/voice/channel',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Configure the voice channel: static secret accepted, recording hosts',
        body: s.channelUpdate,
        response: { 200: s.channel, ...errorResponses },
      },
    },
    (req) => service.updateChannel(db, ctxOf(req), publicUrl, req.body),
  );
  app.post(
    '/voice/channel/secrets',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add a webhook secret (write-only; up to 5, for rotation)',
        body: s.secretCreate,
        response: { 201: s.secretInfo, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.addSecret(db, box, ctxOf(req), req.body.secret)),
  );
  app.delete(
    '/voice/channel/secrets/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Remove a webhook secret',
        params: s.secretParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.removeSecret(db, ctxOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/voice/calls',
    {
      config: { auth: STAFF },
      schema: {
        tags,
        summary:
          'Call history, newest first (filters: range, direction, outcome, booking status, agent, patient)',
        querystring: s.callQuery,
        response: { 200: page(s.call), ...errorResponses },
      },
    },
    (req) => service.listCalls(db, ctxOf(req), req.query),
  );
  app.get(
    '/voice/calls/:id',
    {
      config: { auth: STAFF },
      schema: {
        tags,
        summary: 'A call with its transcript and linked appointment',
        params: idParams,
        response: { 200: s.callDetail, ...errorResponses },
      },
    },
    (req) => service.getCall(db, ctxOf(req), req.params.id),
  );
}

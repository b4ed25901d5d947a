import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { ADMIN, ANY, STAFF } from '../../platform/auth/principal.js';
import { errorResponses, idParams, problem } from '../../platform/http/schemas.js';
import * as channels from './channels.service.js';
import { whatsappHealth } from './health.service.js';
import { getMedia } from './media.service.js';
import { sendMessage } from './send.service.js';
import { rawWebhookIntake, webhookIntake } from './webhook-intake.js';
import { whatsappRuntime } from './whatsapp.runtime.js';
import * as s from './whatsapp.schemas.js';

export async function whatsappRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const rt = whatsappRuntime(app.database, app.jobs, app.config, app.log, {
    arrivals: app.arrivals,
    box: app.secrets,
  });
  app.addHook('onReady', () => rt.startWorkers());
  app.addHook('onClose', () => rt.stop());
  const channelDeps = { db, box: rt.box, publicUrl: app.config.publicUrl, onChange: rt.channels.invalidate };
  const tags = ['whatsapp'];

  // Twilio posts form-encoded bodies; the raw text is what the ledger keeps and the signature covers.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  const intake = { publicUrl: app.config.publicUrl, ...rt };
  const webhook = (summary: string, more = '') => ({
    config: { auth: 'public' as const },
    schema: {
      tags,
      summary,
      description:
        'Form-encoded Twilio callback, verified with `X-Twilio-Signature` against `PUBLIC_URL` and the channel token (403 otherwise, nothing stored). Answers empty TwiML once the raw event is committed; duplicates are no-ops.' +
        more,
      response: {
        200: z.string(),
        400: errorResponses[400],
        403: errorResponses[403],
        413: problem,
        415: problem,
      },
    },
  });
  app.post(
    '/whatsapp/webhook',
    webhook('Incoming WhatsApp message (Twilio)'),
    webhookIntake(intake, 'message'),
  );
  app.post(
    '/whatsapp/status',
    webhook(
      'Message status callback (Twilio)',
      ' The `StatusCallback` PRM gives Twilio carries `?m=<message id>` (signed with the rest of the URL): a callback whose `MessageSid` no message has yet is matched to that outbound message, so a send whose answer was lost is not sent again.',
    ),
    webhookIntake(intake, 'status'),
  );
  // Over the network the same intake is served off node:http, ahead of Fastify's pipeline (decision 0304).
  for (const [path, kind] of [
    ['/whatsapp/webhook', 'message'],
    ['/whatsapp/status', 'status'],
  ] as const)
    app.rawRoutes.add(
      'POST',
      `${app.prefix}${path}`,
      rawWebhookIntake(intake, kind, app.log, app.initialConfig.bodyLimit ?? 1024 * 1024),
    );

  const admin = { auth: ADMIN };
  app.get(
    '/whatsapp/channels',
    {
      config: admin,
      schema: {
        tags,
        summary: 'List WhatsApp channels (never their auth tokens)',
        response: { 200: z.object({ data: z.array(s.channel) }), ...errorResponses },
      },
    },
    (req) => channels.listChannels(channelDeps, ctxOf(req)),
  );
  app.post(
    '/whatsapp/channels',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add a Twilio WhatsApp sender; the auth token is write-only',
        body: s.channelCreate,
        response: { 201: s.channel, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await channels.createChannel(channelDeps, ctxOf(req), req.body)),
  );
  app.get(
    '/whatsapp/channels/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Read a channel',
        params: idParams,
        response: { 200: s.channel, ...errorResponses },
      },
    },
    (req) => channels.getChannel(channelDeps, ctxOf(req), req.params.id),
  );
  app.patch(
    '/whatsapp/channels/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a channel (or rotate its auth token)',
        params: idParams,
        body: s.channelUpdate,
        response: { 200: s.channel, ...errorResponses },
      },
    },
    (req) => channels.updateChannel(channelDeps, ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/whatsapp/channels/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Remove a channel',
        params: idParams,
        response: { 200: s.channel, ...errorResponses },
      },
    },
    (req) => channels.deleteChannel(channelDeps, ctxOf(req), req.params.id),
  );

  app.post(
    '/whatsapp/send',
    {
      config: { auth: STAFF },
      schema: {
        tags,
        summary: 'Send a WhatsApp message (text, media or approved template)',
        description:
          'Stored as `queued` and handed to Twilio by the job queue (transient errors retried). 409 `template_required` outside the 24-hour window for free-form messages; 409 `opted_out` when the patient sent STOP.',
        body: s.sendBody,
        response: { 202: s.message, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(202).send(await sendMessage(rt.send, ctxOf(req), req.body)),
  );

  app.get(
    '/whatsapp/media/:id',
    {
      config: { auth: STAFF },
      schema: {
        tags,
        summary: 'Download a stored attachment',
        params: idParams,
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const media = await getMedia(db, ctxOf(req), req.params.id);
      return reply
        .type(media.content_type)
        .header('content-disposition', 'attachment')
        .header('cache-control', 'private, no-store')
        .send(media.data);
    },
  );

  app.get(
    '/whatsapp/health/check',
    {
      config: { auth: ANY },
      schema: {
        tags,
        summary: 'WhatsApp channel and webhook backlog health',
        response: { 200: s.health, ...errorResponses },
      },
    },
    (req) => whatsappHealth(db, ctxOf(req)),
  );
}

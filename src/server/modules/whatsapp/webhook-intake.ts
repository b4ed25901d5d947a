import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { z } from 'zod';
import { safeErrorForLog } from '../../platform/db/errors.js';
import { problemBody, sendProblem } from '../../platform/http/errors.js';
import { type RawHandler, readBody, sendRaw } from '../../platform/http/raw-routes.js';
import type { ChannelDirectory } from './channel-directory.js';
import { INBOUND_PROVIDER } from './inbound.service.js';
import type { LedgerWriter } from './ledger-writer.js';
import { CALLBACK_MESSAGE_KEY, CALLBACK_MESSAGE_PARAM, STATUS_PROVIDER } from './status.service.js';
import { param, parseForm } from './twilio-params.js';

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export type IntakeDeps = {
  publicUrl: string;
  channels: ChannelDirectory;
  writer: LedgerWriter;
  /** Told the ids of newly stored webhooks, after their commit, so that processing follows. */
  stored: (ids: string[]) => void;
};

type WebhookRequest = {
  raw: string;
  /** Path and query as requested: with PUBLIC_URL, the URL Twilio signed. */
  url: string;
  signature: string | null;
  claimedTenant: string | null;
  idempotency: string | null;
};
type Refusal = { status: 400 | 403; code: string; detail: string; reason?: string };

/**
 * Verify, record, acknowledge. The signature is checked against the channel's token and the public URL
 * before anything is written; the caller's 200 goes out only after the ledger row committed (this
 * resolves then); processing follows.
 */
export async function receiveWebhook(
  deps: IntakeDeps,
  kind: 'message' | 'status',
  req: WebhookRequest,
): Promise<Refusal | null> {
  const params = parseForm(req.raw);
  const accountSid = param(params, 'AccountSid');
  // The clinic's own number: `To` of an inbound message, `From` of a status callback.
  const clinic = param(params, kind === 'message' ? 'To' : 'From');
  const channel = accountSid
    ? await deps.channels.lookup(accountSid, clinic, param(params, 'MessagingServiceSid'))
    : null;
  const url = `${deps.publicUrl}${req.url}`;
  const valid =
    !!channel && !!req.signature && twilio.validateRequest(channel.authToken, req.signature, url, params);
  if (!valid || (req.claimedTenant && req.claimedTenant !== channel?.tenantId)) {
    const reason = !channel ? 'unknown_channel' : !valid ? 'bad_signature' : 'tenant_mismatch';
    return {
      status: 403,
      code: 'invalid_signature',
      detail: 'Twilio signature verification failed',
      reason,
    };
  }
  const sid = param(params, 'MessageSid');
  const status = param(params, 'MessageStatus');
  if (!sid || !/^[A-Za-z0-9]{2,64}$/.test(sid) || (kind === 'status' && !status))
    return {
      status: 400,
      code: 'invalid_request',
      detail: 'MessageSid (and MessageStatus for a status callback) required',
    };
  const receipt = await deps.writer.write({
    provider: kind === 'message' ? INBOUND_PROVIDER : STATUS_PROVIDER,
    external_id: kind === 'message' ? sid : `${sid}:${status?.slice(0, 40)}`,
    ref: sid,
    tenant_id: channel.tenantId,
    event_type: kind,
    headers: {
      ...(req.idempotency ? { 'i-twilio-idempotency-token': req.idempotency.slice(0, 200) } : {}),
      ...(kind === 'status' ? callbackMessage(req.url) : {}),
    },
    body: req.raw,
  });
  if (receipt.inserted) deps.stored([receipt.id]);
  return null;
}

/** The message a status callback's (signed) URL names, kept with the event: see `statusCallbackUrl`. */
function callbackMessage(url: string): Record<string, string> {
  const q = url.indexOf('?');
  const id = q === -1 ? null : new URLSearchParams(url.slice(q + 1)).get(CALLBACK_MESSAGE_PARAM);
  return id && z.uuid().safeParse(id).success ? { [CALLBACK_MESSAGE_KEY]: id.toLowerCase() } : {};
}

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return typeof v === 'string' ? v : null;
};

const requestOf = (
  raw: string,
  url: string,
  headers: Record<string, string | string[] | undefined>,
): WebhookRequest => ({
  raw,
  url,
  signature: header(headers, 'x-twilio-signature'),
  claimedTenant: header(headers, 'x-tenant-id'),
  idempotency: header(headers, 'i-twilio-idempotency-token'),
});

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const PROBLEM = 'application/problem+json; charset=utf-8';

/** The Fastify route: in-process requests (`inject`) and the OpenAPI description. */
export function webhookIntake(deps: IntakeDeps, kind: 'message' | 'status') {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // JSON and plain text have parsers of their own, but Twilio signs form parameters only.
    if (!FORM.test(req.headers['content-type'] ?? ''))
      return sendProblem(
        reply,
        415,
        'fst_err_ctp_invalid_media_type',
        'Twilio callbacks are application/x-www-form-urlencoded',
      );
    const raw = typeof req.body === 'string' ? req.body : '';
    const refused = await receiveWebhook(deps, kind, requestOf(raw, req.url, req.headers));
    if (refused) {
      if (refused.reason) req.log.warn({ kind, reason: refused.reason }, 'webhook rejected');
      return sendProblem(reply, refused.status, refused.code, refused.detail);
    }
    return reply.code(200).type('text/xml').send(EMPTY_TWIML);
  };
}

/**
 * The same intake served off node:http for requests over the network: what Twilio calls. Anything but
 * a form body goes to the Fastify route (its 415); errors are answered and logged as Fastify would.
 */
export function rawWebhookIntake(
  deps: IntakeDeps,
  kind: 'message' | 'status',
  log: FastifyBaseLogger,
  bodyLimit: number,
): RawHandler {
  return (req, res, { requestId, fallback }) => {
    if (!FORM.test(req.headers['content-type'] ?? '')) return fallback();
    const problem = (status: number, code: string, detail: string, headers?: Record<string, string>) =>
      sendRaw(res, status, PROBLEM, JSON.stringify(problemBody(status, code, detail, requestId)), headers);
    readBody(req, bodyLimit)
      .then(async (raw) => {
        if (raw === null)
          return problem(413, 'fst_err_ctp_body_too_large', 'Request body is too large', {
            connection: 'close',
          });
        const refused = await receiveWebhook(deps, kind, requestOf(raw, req.url ?? '', req.headers));
        if (!refused) return sendRaw(res, 200, 'text/xml', EMPTY_TWIML);
        if (refused.reason) log.warn({ reqId: requestId, kind, reason: refused.reason }, 'webhook rejected');
        problem(refused.status, refused.code, refused.detail);
      })
      .catch((err) => {
        log.error({ reqId: requestId, err: safeErrorForLog(err) }, 'unhandled error');
        if (!res.headersSent) problem(500, 'internal', 'An unexpected error occurred');
        else res.destroy();
      });
  };
}

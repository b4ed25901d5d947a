import type { FastifyReply, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { sendProblem } from '../../platform/http/errors.js';
import type { ChannelDirectory } from './channel-directory.js';
import type { EventProcessor } from './event-processor.js';
import { INBOUND_PROVIDER } from './inbound.service.js';
import type { LedgerWriter } from './ledger-writer.js';
import { STATUS_PROVIDER } from './status.service.js';
import { param, parseForm } from './twilio-params.js';

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export type IntakeDeps = {
  publicUrl: string;
  channels: ChannelDirectory;
  writer: LedgerWriter;
  processor: EventProcessor;
};

const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
};

/**
 * Verify, record, acknowledge. The signature is checked against the channel's token and the public URL
 * before anything is written; the 200 goes out only after the ledger row committed; processing follows.
 */
export function webhookIntake(deps: IntakeDeps, kind: 'message' | 'status') {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    const params = parseForm(raw);
    const accountSid = param(params, 'AccountSid');
    // The clinic's own number: `To` of an inbound message, `From` of a status callback.
    const clinic = param(params, kind === 'message' ? 'To' : 'From');
    const channel = accountSid
      ? await deps.channels.lookup(accountSid, clinic, param(params, 'MessagingServiceSid'))
      : null;
    const signature = header(req, 'x-twilio-signature');
    const url = `${deps.publicUrl}${req.url}`;
    const valid =
      !!channel && !!signature && twilio.validateRequest(channel.authToken, signature, url, params);
    const claimed = header(req, 'x-tenant-id');
    if (!valid || (claimed && claimed !== channel?.tenantId)) {
      req.log.warn(
        { kind, reason: !channel ? 'unknown_channel' : !valid ? 'bad_signature' : 'tenant_mismatch' },
        'webhook rejected',
      );
      return sendProblem(reply, 403, 'invalid_signature', 'Twilio signature verification failed');
    }
    const sid = param(params, 'MessageSid');
    const status = param(params, 'MessageStatus');
    if (!sid || !/^[A-Za-z0-9]{2,64}$/.test(sid) || (kind === 'status' && !status))
      return sendProblem(
        reply,
        400,
        'invalid_request',
        'MessageSid (and MessageStatus for a status callback) required',
      );
    const idempotency = header(req, 'i-twilio-idempotency-token');
    const receipt = await deps.writer.write({
      provider: kind === 'message' ? INBOUND_PROVIDER : STATUS_PROVIDER,
      external_id: kind === 'message' ? sid : `${sid}:${status?.slice(0, 40)}`,
      ref: sid,
      tenant_id: channel.tenantId,
      event_type: kind,
      headers: idempotency ? { 'i-twilio-idempotency-token': idempotency.slice(0, 200) } : {},
      body: raw,
    });
    if (receipt.inserted) deps.processor.kick([receipt.id]);
    return reply.code(200).type('text/xml').send(EMPTY_TWIML);
  };
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/auth/principal.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { Db, Tx } from '../../platform/db/client.js';
import { publishEvent } from '../../platform/events/bus.js';
import { badRequest, type FieldError, unauthorized } from '../../platform/http/errors.js';
import { findOrCreateByPhone } from '../patients/patients.repository.js';
import * as repo from './voice.repository.js';
import { openSecrets } from './voice.service.js';
import { actOnOutcome } from './voice-booking.js';
import { type VoiceEvent, voiceEvent } from './voice-event.schema.js';
import { callerPhone, mergeEvent } from './voice-merge.js';
import { fingerprint, verifySignature, verifyStaticSecret } from './voice-signature.js';

export type WebhookRequest = {
  raw: Buffer;
  headers: Record<string, string | string[] | undefined>;
  requestId: string;
};

/** Headers worth keeping with the raw event; never the static secret. */
const KEPT_HEADERS = ['content-type', 'user-agent', 'x-prm-signature', 'x-tenant-id'];

const header = (req: WebhookRequest, name: string) => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/**
 * Without `x-tenant-id`, a signature is tried against every channel's secrets: an HMAC over the whole body
 * per secret, which an unauthenticated sender could make expensive. Past this many channels the header is
 * required (a single clinic's deployment never needs it).
 */
export const MAX_UNHINTED_CHANNELS = 5;

/**
 * The channel whose secret verified the request. The tenant is whoever owns it; `x-tenant-id`, when sent,
 * narrows the candidates to that tenant's channel, so a disagreeing header fails like a wrong secret.
 */
async function authenticate(db: Db, box: SecretBox, req: WebhookRequest): Promise<repo.ChannelRow> {
  const tenantHint = header(req, 'x-tenant-id');
  const signature = header(req, 'x-prm-signature');
  const staticSecret = header(req, 'x-webhook-secret');
  if (!signature && !staticSecret) throw unauthorized('Missing x-prm-signature header');
  if (tenantHint !== undefined && !z.uuid().safeParse(tenantHint).success)
    throw unauthorized('Webhook verification failed');
  const tenantId = tenantHint ?? null;
  let matches: repo.ChannelRow[];
  if (signature) {
    const candidates = await repo.channelsForVerification(db, { tenantId, limit: MAX_UNHINTED_CHANNELS + 1 });
    if (candidates.length > MAX_UNHINTED_CHANNELS)
      throw unauthorized(
        'Send x-tenant-id: this deployment serves too many organisations to try every secret',
      );
    matches = candidates.filter((c) => verifySignature(openSecrets(box, c), signature, req.raw));
  } else {
    const given = staticSecret ?? '';
    const candidates = await repo.channelsForVerification(db, {
      tenantId,
      fingerprint: fingerprint(given),
      limit: 2,
    });
    matches = candidates.filter((c) => verifyStaticSecret(openSecrets(box, c), given));
  }
  const [channel, ...others] = matches;
  // Two organisations sharing a secret cannot be told apart: refuse rather than guess.
  if (!channel || others.length) throw unauthorized('Webhook verification failed');
  return channel;
}

const webhookCtx = (channel: repo.ChannelRow, requestId: string): Ctx => ({
  principal: {
    tenantId: channel.tenant_id,
    // The platform acts for the clinic's front desk: it may book, reschedule and cancel like staff.
    role: 'staff',
    actorType: 'webhook',
    actorId: channel.id,
    userId: null,
  },
  requestId,
});

function parseEvent(body: string): { event: VoiceEvent } | { errors: FieldError[] } {
  // Postgres text cannot hold NUL; refusing it here keeps such a body from failing deep in an insert.
  if (body.includes('\u0000') || body.includes('\\u0000'))
    return { errors: [{ field: 'body', message: 'NUL characters are not allowed' }] };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { errors: [{ field: 'body', message: 'Malformed JSON' }] };
  }
  const parsed = voiceEvent.safeParse(json);
  if (parsed.success) return { event: parsed.data };
  return {
    errors: parsed.error.issues.map((i) => ({
      field: ['body', ...i.path.map(String)].join('.'),
      message: i.message,
    })),
  };
}

async function identifyCaller(tx: Tx, ctx: Ctx, phone: string) {
  const { patient, created } = await findOrCreateByPhone(tx, ctx.principal.tenantId, phone, {
    full_name: 'Unknown caller',
    tags: ['voice'],
  });
  if (created) await audit(tx, ctx, 'create', 'patient', [patient.id], 'new caller on a voice call');
  return patient.id;
}

/** Merge one new event into its call, identify the caller, act on the outcome, announce the change. */
async function applyEvent(tx: Tx, ctx: Ctx, channel: repo.ChannelRow, e: VoiceEvent) {
  const tenantId = ctx.principal.tenantId;
  const { call, created } = await repo.lockCall(tx, tenantId, e.call_id);
  const merged = mergeEvent(call, e, channel.recording_hosts);
  const phone = callerPhone({ ...call, ...merged.columns });
  const reidentify = phone && (!call.patient_id || phone !== callerPhone(call));
  let row = await repo.updateCall(tx, tenantId, call.id, {
    ...merged.columns,
    merge_state: merged.merge_state,
    ...(reidentify ? { patient_id: await identifyCaller(tx, ctx, phone) } : {}),
  });
  if (merged.transcript) await repo.replaceTranscript(tx, tenantId, call.id, merged.transcript);
  const booking = await actOnOutcome(tx, ctx, row);
  if (booking) row = await repo.updateCall(tx, tenantId, call.id, booking);
  await audit(tx, ctx, created ? 'create' : 'update', 'voice_call', [row.id], e.event);
  await publishEvent(tx, {
    tenant_id: tenantId,
    type: 'call.updated',
    data: {
      id: row.id,
      outcome: row.outcome,
      booking_status: row.booking_status,
      appointment_id: row.appointment_id,
    },
  });
  return row;
}

/**
 * Verify, record in the ledger, merge. One transaction from ledger row to call record, so a 200 means all
 * of it committed, and a failure leaves no ledger row that would make the platform's retry a no-op.
 */
export async function receiveVoiceEvent(db: Db, box: SecretBox, req: WebhookRequest) {
  const channel = await authenticate(db, box, req);
  const ctx = webhookCtx(channel, req.requestId);
  const tenantId = channel.tenant_id;
  const body = req.raw.toString('utf8');
  const headers = Object.fromEntries(
    KEPT_HEADERS.flatMap((h) => {
      const v = header(req, h);
      return v === undefined ? [] : [[h, v.slice(0, 500)]];
    }),
  );
  const parsed = parseEvent(body);
  if ('errors' in parsed) {
    // Kept for the integrator to inspect and replay; keyed by content, since its event_id may be the bad part.
    await repo.insertLedgerEvent(db, tenantId, {
      external_id: `${tenantId}/invalid/${createHash('sha256').update(req.raw).digest('hex')}`,
      event_type: null,
      headers,
      body: body.replaceAll('\u0000', '\uFFFD'),
      status: 'invalid',
      error: JSON.stringify(parsed.errors.slice(0, 20)),
    });
    const first = parsed.errors[0] as FieldError;
    throw badRequest(`Invalid ${first.field}: ${first.message}`, parsed.errors);
  }
  const e = parsed.event;
  return db.transaction(async (tx) => {
    // Event ids are the platform's: namespaced by tenant, so two clinics' "evt_1" never collide.
    const ledgerId = await repo.insertLedgerEvent(tx, tenantId, {
      external_id: `${tenantId}/${e.event_id}`,
      event_type: e.event,
      headers,
      body,
      status: 'pending',
    });
    if (!ledgerId) return { status: 'duplicate' as const, call_id: null };
    const call = await applyEvent(tx, ctx, channel, e);
    await repo.markLedgerProcessed(tx, tenantId, ledgerId);
    return { status: 'processed' as const, call_id: call.id };
  });
}

import { audit } from '../../platform/audit.js';
import { assertRole, type Ctx, STAFF } from '../../platform/auth/principal.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { Db } from '../../platform/db/client.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import type { JobInfo, JobQueue } from '../../platform/jobs/queue.js';
import { openPatientConversation, touchConversation } from '../conversations/conversations.repository.js';
import { findPatient } from '../patients/patients.repository.js';
import { resolved } from './channel-directory.js';
import { findChannel, findSendingChannel } from './channels.repository.js';
import { messageStatusChanged, messagesCreated } from './message-events.js';
import { advance, asStatus } from './message-status.js';
import { applyDeferredStatuses, CALLBACK_MESSAGE_PARAM } from './status.service.js';
import { isTransientTwilioError, type TwilioClientFactory } from './twilio-client.js';
import * as repo from './whatsapp.repository.js';
import type { SendBody } from './whatsapp.schemas.js';

export const SEND_JOB = 'whatsapp.send';
export const SEND_RETRIES = 5;
const WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The message's own id rides in the callback URL (which Twilio signs): should Twilio accept a send whose
 * answer is lost (a crash or a timeout before the sid is stored), its first callback still names the
 * message, which then adopts the sid, so the job's retry finds it sent and does not send it again.
 */
const statusCallbackUrl = (publicUrl: string, messageId: string) =>
  `${publicUrl}/api/v1/whatsapp/status?${CALLBACK_MESSAGE_PARAM}=${messageId}`;

type SendJob = {
  tenant_id: string;
  message_id: string;
  channel_id: string;
  content_variables: Record<string, string> | null;
};

export type SendDeps = {
  db: Db;
  jobs: JobQueue;
  box: SecretBox;
  publicUrl: string;
  clientFor: TwilioClientFactory;
};

/**
 * Store the message as `queued` and enqueue its delivery in the same transaction: once the API answers,
 * the message exists and will be handed to Twilio (with retries) even if this process dies.
 */
export async function sendMessage(deps: SendDeps, ctx: Ctx, input: SendBody) {
  assertRole(ctx, STAFF);
  const tenantId = ctx.principal.tenantId;
  return deps.db.transaction(async (tx) => {
    const patient = await repo.lockPatient(tx, tenantId, input.patient_id);
    if (!patient) throw notFound('Patient');
    if (patient.whatsapp_consent === 'opted_out')
      throw conflict(
        'opted_out',
        'The patient opted out of WhatsApp messages (they sent STOP); nothing is sent until they send START',
      );
    if (!patient.phone) throw conflict('no_phone', 'The patient has no phone number to message');
    const channel = await findSendingChannel(tx, tenantId, input.channel_id);
    if (!channel) {
      if (input.channel_id) throw notFound('Channel');
      throw conflict('no_channel', 'No enabled WhatsApp channel is configured for this organisation');
    }
    const { conversation } = await openPatientConversation(tx, tenantId, patient.id, 'whatsapp');
    const now = new Date();
    const inWindow =
      conversation.last_inbound_at && now.getTime() - conversation.last_inbound_at.getTime() < WINDOW_MS;
    if (!input.template && !inWindow)
      throw conflict(
        'template_required',
        'The patient has not written in the last 24 hours: WhatsApp allows only an approved template now (send `template.content_sid`)',
      );
    const message = (await repo.insertMessage(tx, tenantId, {
      conversation_id: conversation.id,
      patient_id: patient.id,
      direction: 'outbound',
      channel: 'whatsapp',
      message_type: input.template ? 'template' : input.media_urls ? 'media' : 'text',
      body: input.body ?? null,
      media: (input.media_urls ?? []).map((url) => ({ url, content_type: '' })),
      template_sid: input.template?.content_sid ?? null,
      status: 'queued',
      status_times: { queued: now.toISOString() },
      sent_by: ctx.principal.userId,
      created_at: now,
    })) as repo.MessageRow;
    await touchConversation(tx, tenantId, conversation.id, now, 'outbound');
    const job: SendJob = {
      tenant_id: tenantId,
      message_id: message.id,
      channel_id: channel.id,
      content_variables: input.template?.variables ?? null,
    };
    await deps.jobs.enqueue(SEND_JOB, job, { tx });
    await audit(tx, ctx, 'create', 'message', [message.id]);
    await messagesCreated(tx, [message]);
    return message;
  });
}

async function markFailed(db: Db, job: SendJob, code: string, detail: string) {
  await db.transaction(async (tx) => {
    const m = await repo.findMessage(tx, job.tenant_id, job.message_id, true);
    if (!m || m.external_id) return;
    await repo.updateMessage(tx, job.tenant_id, m.id, {
      status: 'failed',
      status_times: { ...m.status_times, failed: new Date().toISOString() },
      error_code: code,
      error_message: detail.slice(0, 500),
    });
    await messageStatusChanged(tx, m, 'failed');
  });
}

/** The job that hands a queued message to Twilio; a message that already has its sid is never resent. */
export function sendJobHandler(deps: SendDeps) {
  return async (job: SendJob, info: JobInfo) => {
    const message = await repo.findMessage(deps.db, job.tenant_id, job.message_id);
    if (!message || message.external_id || message.status !== 'queued') return;
    const channelRow = await findChannel(deps.db, job.tenant_id, job.channel_id);
    const patient = await findPatient(deps.db, job.tenant_id, message.patient_id);
    if (!channelRow || !patient?.phone)
      return markFailed(deps.db, job, 'prm_unsendable', 'Channel removed or patient has no phone');
    const channel = resolved(channelRow, deps.box);
    let sent: { sid: string; status: string };
    try {
      sent = await deps.clientFor(channel).messages.create({
        to: `whatsapp:${patient.phone}`,
        ...(channel.sender ? { from: `whatsapp:${channel.sender}` } : {}),
        ...(channel.messagingServiceSid ? { messagingServiceSid: channel.messagingServiceSid } : {}),
        ...(message.body ? { body: message.body } : {}),
        ...(message.media.length ? { mediaUrl: message.media.map((m) => m.url) } : {}),
        ...(message.template_sid ? { contentSid: message.template_sid } : {}),
        ...(job.content_variables ? { contentVariables: JSON.stringify(job.content_variables) } : {}),
        statusCallback: statusCallbackUrl(deps.publicUrl, message.id),
      });
    } catch (err) {
      if (isTransientTwilioError(err) && info.retryCount < SEND_RETRIES) throw err;
      const e = err as { code?: unknown; message?: unknown };
      return markFailed(
        deps.db,
        job,
        String(e.code ?? 'prm_send_failed'),
        String(e.message ?? 'send failed'),
      );
    }
    await deps.db.transaction(async (tx) => {
      await repo.lockSid(tx, job.tenant_id, sent.sid);
      const m = (await repo.findMessage(tx, job.tenant_id, job.message_id, true)) as repo.MessageRow;
      const status = advance(m.status, asStatus(sent.status) ?? 'queued');
      const updated = (await repo.updateMessage(tx, job.tenant_id, m.id, {
        external_id: sent.sid,
        status,
        status_times: { ...m.status_times, [status]: m.status_times[status] ?? new Date().toISOString() },
      })) as repo.MessageRow;
      await applyDeferredStatuses(tx, updated);
    });
  };
}

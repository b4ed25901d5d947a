import { uuidv7 } from 'uuidv7';
import { type AuditActor, auditAs } from '../../platform/audit.js';
import type { Tx } from '../../platform/db/client.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { openPatientConversation, touchConversation } from '../conversations/conversations.repository.js';
import { findOrCreateByPhone } from '../patients/patients.repository.js';
import type { EventHandler } from './event-processor.js';
import type { LedgerRow } from './ledger.repository.js';
import { MEDIA_JOB, type MediaJob } from './media.service.js';
import { messageCreated } from './message-events.js';
import { consentKeyword, locationOf, mediaOf, param, parseForm, senderOf } from './twilio-params.js';
import * as repo from './whatsapp.repository.js';

export const INBOUND_PROVIDER = 'twilio-whatsapp';

export const webhookActor = (tenantId: string, ledgerId: string): AuditActor => ({
  tenantId,
  actorType: 'webhook',
  actorId: null,
  requestId: ledgerId,
});

/**
 * One inbound message from the ledger into patients, conversations and messages. Runs inside the
 * processor's transaction, so either all of it happens (and the event is marked processed) or none.
 */
export function inboundHandler(jobs: JobQueue): EventHandler {
  return { apply: applyInbound(jobs), lockKey: senderKey };
}

/** The patient the message locks: the sender's number, or the business-scoped id without one. */
function senderKey(row: LedgerRow) {
  const sender = senderOf(parseForm(row.body));
  return !sender ? '' : 'phone' in sender ? `p${sender.phone}` : `b${sender.bsuid}`;
}

function applyInbound(jobs: JobQueue) {
  return async (tx: Tx, row: LedgerRow): Promise<'processed'> => {
    const tenantId = row.tenant_id as string;
    const p = parseForm(row.body);
    const sid = param(p, 'MessageSid') as string;
    const sender = senderOf(p);
    if (!sender) throw new Error('inbound message without a sender');
    const profile = param(p, 'ProfileName')?.trim().slice(0, 200);
    const actor = webhookActor(tenantId, row.id);

    // Either way the patient's row stays locked to the end of this transaction: one message at a time
    // finds or opens the conversation.
    const { patient, created } =
      'phone' in sender
        ? await findOrCreateByPhone(tx, tenantId, sender.phone, { full_name: profile || sender.phone })
        : await repo.ensurePatientByBsuid(tx, tenantId, sender.bsuid, profile || 'WhatsApp user');
    if (created) await auditAs(tx, actor, 'create', 'patient', [patient.id], 'first WhatsApp message');
    if (!('phone' in sender)) await repo.lockPatient(tx, tenantId, patient.id);
    const { conversation } = await openPatientConversation(tx, tenantId, patient.id, 'whatsapp');

    const media = mediaOf(p).map((m) => ({ ...m, id: uuidv7() }));
    const body = param(p, 'Body');
    const at = row.received_at;
    const message = await repo.insertMessage(tx, tenantId, {
      conversation_id: conversation.id,
      patient_id: patient.id,
      direction: 'inbound',
      channel: 'whatsapp',
      external_id: sid,
      message_type: param(p, 'MessageType')?.slice(0, 50) ?? (media.length ? 'media' : 'text'),
      body,
      media,
      location: locationOf(p),
      button_payload: param(p, 'ButtonPayload'),
      button_text: param(p, 'ButtonText'),
      reply_to_external_id: param(p, 'OriginalRepliedMessageSid'),
      status: 'received',
      status_times: { received: at.toISOString() },
      created_at: at,
    });
    // Already stored (an event replayed after its effects committed elsewhere): nothing more to do.
    if (!message) return 'processed';

    await touchConversation(tx, tenantId, conversation.id, at, 'inbound');
    const consent = consentKeyword(body);
    if (consent && consent !== patient.whatsapp_consent) {
      await repo.setConsent(tx, tenantId, patient.id, consent, at);
      await auditAs(tx, actor, 'update', 'patient', [patient.id], `WhatsApp keyword: ${consent}`);
    }
    if (media.length) {
      await repo.insertMedia(
        tx,
        tenantId,
        message.id,
        media.map((m, position) => ({ id: m.id, position, content_type: m.content_type, source_url: m.url })),
      );
      for (const m of media) {
        const job: MediaJob = {
          tenant_id: tenantId,
          media_id: m.id,
          account_sid: param(p, 'AccountSid') as string,
          address: param(p, 'To'),
          service_sid: param(p, 'MessagingServiceSid'),
        };
        await jobs.enqueue(MEDIA_JOB, job, { tx });
      }
    }
    await auditAs(tx, actor, 'create', 'message', [message.id]);
    await messageCreated(tx, message);
    return 'processed';
  };
}

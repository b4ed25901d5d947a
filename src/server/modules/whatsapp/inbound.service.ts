import { uuidv7 } from 'uuidv7';
import { type AuditActor, type AuditRecord, auditEach } from '../../platform/audit.js';
import type { Tx } from '../../platform/db/client.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { openPatientConversations, touchConversations } from '../conversations/conversations.repository.js';
import { findOrCreateByPhones, type PatientRow } from '../patients/patients.repository.js';
import type { EventHandler } from './event-processor.js';
import type { LedgerRow } from './ledger.repository.js';
import { MEDIA_JOB, type MediaJob } from './media.service.js';
import { messagesCreated } from './message-events.js';
import {
  consentKeyword,
  locationOf,
  mediaOf,
  param,
  parseForm,
  type Sender,
  senderOf,
  type TwilioParams,
} from './twilio-params.js';
import * as repo from './whatsapp.repository.js';

export const INBOUND_PROVIDER = 'twilio-whatsapp';

export const webhookActor = (tenantId: string, ledgerId: string): AuditActor => ({
  tenantId,
  actorType: 'webhook',
  actorId: null,
  requestId: ledgerId,
});

/**
 * Inbound messages from the ledger into patients, conversations and messages. Runs inside the
 * processor's transaction, so either all of it happens (and the events are marked processed) or none.
 * A batch (one tenant's, in lock order) is applied step by step for all its messages at once — a
 * statement per step, not per message (decision 0306) — with the same effects as one at a time.
 */
export function inboundHandler(jobs: JobQueue): EventHandler {
  const applyMany = applyInbound(jobs);
  return {
    apply: async (tx, row) => (await applyMany(tx, [row]))[0] as 'processed',
    applyMany,
    lockKey: senderKey,
  };
}

/** The patient the message locks: the sender's number, or the business-scoped id without one. */
function senderKey(row: LedgerRow) {
  return keyOf(senderOf(parseForm(row.body)));
}

const keyOf = (sender: Sender | null) =>
  !sender ? '' : 'phone' in sender ? `p${sender.phone}` : `b${sender.bsuid}`;

type Inbound = { row: LedgerRow; p: TwilioParams; sender: Sender; key: string };
type PatientRef = { id: string; whatsapp_consent: PatientRow['whatsapp_consent'] };

/** Each sender's patient, locked: business-scoped ids first, then phones, as the batch's sort has them. */
async function lockSenders(tx: Tx, tenantId: string, events: Inbound[], audits: AuditRecord[]) {
  const first = new Map<string, Inbound>();
  for (const e of events) if (!first.has(e.key)) first.set(e.key, e);
  const out = new Map<string, PatientRef>();
  const created = (e: Inbound, id: string) =>
    audits.push({
      actor: webhookActor(tenantId, e.row.id),
      action: 'create',
      entityType: 'patient',
      entityId: id,
      reason: 'first WhatsApp message',
    });
  const profileOf = (e: Inbound) => param(e.p, 'ProfileName')?.trim().slice(0, 200);
  const phones: (Inbound & { sender: { phone: string } })[] = [];
  for (const e of first.values()) {
    if ('phone' in e.sender) {
      phones.push(e as Inbound & { sender: { phone: string } });
      continue;
    }
    const name = profileOf(e) || 'WhatsApp user';
    const { patient, created: isNew } = await repo.ensurePatientByBsuid(tx, tenantId, e.sender.bsuid, name);
    if (isNew) created(e, patient.id);
    await repo.lockPatient(tx, tenantId, patient.id);
    out.set(e.key, patient);
  }
  const found = await findOrCreateByPhones(
    tx,
    tenantId,
    phones.map((e) => ({ phone: e.sender.phone, full_name: profileOf(e) || e.sender.phone })),
  );
  for (const e of phones) {
    const got = found.get(e.sender.phone);
    if (!got) throw new Error('patient by phone vanished after a conflict');
    if (got.created) created(e, got.patient.id);
    out.set(e.key, got.patient);
  }
  return out;
}

function applyInbound(jobs: JobQueue) {
  return async (tx: Tx, rows: LedgerRow[]): Promise<'processed'[]> => {
    const tenantId = rows[0]?.tenant_id as string;
    const events = rows.map((row): Inbound => {
      const p = parseForm(row.body);
      const sender = senderOf(p);
      if (!sender) throw new Error('inbound message without a sender');
      return { row, p, sender, key: keyOf(sender) };
    });
    const audits: AuditRecord[] = [];
    // The patients' rows stay locked to the end of this transaction: one batch at a time finds or opens
    // their conversations.
    const senders = await lockSenders(tx, tenantId, events, audits);
    const patientOf = (e: Inbound) => senders.get(e.key) as PatientRef;
    const conversations = await openPatientConversations(
      tx,
      tenantId,
      [...new Set([...senders.values()].map((s) => s.id))],
      'whatsapp',
    );
    const drafts = events.map((e) => {
      const { p } = e;
      const patient = patientOf(e);
      const media = mediaOf(p).map((m) => ({ ...m, id: uuidv7() }));
      const at = e.row.received_at;
      const values = {
        conversation_id: (conversations.get(patient.id) as { id: string }).id,
        patient_id: patient.id,
        direction: 'inbound' as const,
        channel: 'whatsapp' as const,
        external_id: param(p, 'MessageSid') as string,
        message_type: param(p, 'MessageType')?.slice(0, 50) ?? (media.length ? 'media' : 'text'),
        body: param(p, 'Body'),
        media,
        location: locationOf(p),
        button_payload: param(p, 'ButtonPayload'),
        button_text: param(p, 'ButtonText'),
        reply_to_external_id: param(p, 'OriginalRepliedMessageSid'),
        status: 'received' as const,
        status_times: { received: at.toISOString() },
        created_at: at,
      };
      return { e, patient, media, values };
    });
    // Already stored (an event replayed after its effects committed elsewhere): nothing more to do for it.
    const stored = new Map(
      (
        await repo.insertMessages(
          tx,
          tenantId,
          drafts.map((d) => d.values),
        )
      ).map((m) => [m.external_id, m]),
    );
    const fresh = drafts.flatMap((d) => {
      const message = stored.get(d.values.external_id);
      // A sid twice in one batch is stored once: its first event owns it, the second is the replay.
      stored.delete(d.values.external_id);
      return message ? [{ ...d, message }] : [];
    });

    const touches = new Map<string, { id: string; at: Date; count: number }>();
    for (const { message } of fresh) {
      const at = message.created_at;
      const t = touches.get(message.conversation_id) ?? { id: message.conversation_id, at, count: 0 };
      t.count++;
      if (at > t.at) t.at = at;
      touches.set(message.conversation_id, t);
    }
    await touchConversations(tx, tenantId, [...touches.values()], 'inbound');

    // Keywords take effect in arrival order: STOP then START within a batch ends opted in.
    const consent = new Map<string, { state: PatientRef['whatsapp_consent']; at: Date }>();
    for (const { e, patient, values } of fresh) {
      const word = consentKeyword(values.body);
      const now = consent.get(patient.id)?.state ?? patient.whatsapp_consent;
      if (!word || word === now) continue;
      consent.set(patient.id, { state: word, at: values.created_at });
      audits.push({
        actor: webhookActor(tenantId, e.row.id),
        action: 'update',
        entityType: 'patient',
        entityId: patient.id,
        reason: `WhatsApp keyword: ${word}`,
      });
    }
    for (const [id, c] of consent) await repo.setConsent(tx, tenantId, id, c.state, c.at);

    for (const { e, media, message } of fresh) {
      if (media.length === 0) continue;
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
          account_sid: param(e.p, 'AccountSid') as string,
          address: param(e.p, 'To'),
          service_sid: param(e.p, 'MessagingServiceSid'),
        };
        await jobs.enqueue(MEDIA_JOB, job, { tx });
      }
    }
    for (const { e, message } of fresh)
      audits.push({
        actor: webhookActor(tenantId, e.row.id),
        action: 'create',
        entityType: 'message',
        entityId: message.id,
      });
    await auditEach(tx, audits);
    await messagesCreated(
      tx,
      fresh.map((f) => f.message),
    );
    return rows.map(() => 'processed');
  };
}

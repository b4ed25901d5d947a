import { and, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import {
  type MessageStatus,
  messageMedia,
  messages,
  patientIdentities,
  patients,
} from '../../platform/db/schema/index.js';

export type MessageRow = typeof messages.$inferSelect;
type MessageInsert = Omit<typeof messages.$inferInsert, 'id' | 'tenant_id'>;
type Consent = (typeof patients.$inferSelect)['whatsapp_consent'];

const live = (tenantId: string) => and(eq(patients.tenant_id, tenantId), isNull(patients.merged_into_id));
const patientRef = { id: patients.id, whatsapp_consent: patients.whatsapp_consent };

/**
 * A sender known only by a WhatsApp business-scoped user id: one patient per id, serialised on a
 * transaction-scoped advisory lock of the id (there is no phone to hold a unique key).
 */
export async function ensurePatientByBsuid(db: DbOrTx, tenantId: string, bsuid: string, name: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`bsuid:${tenantId}:${bsuid}`}, 0))`);
  const [found] = await db
    .select(patientRef)
    .from(patientIdentities)
    .innerJoin(patients, eq(patients.id, patientIdentities.patient_id))
    .where(
      and(
        live(tenantId),
        eq(patientIdentities.tenant_id, tenantId),
        eq(patientIdentities.kind, 'whatsapp_bsuid'),
        eq(patientIdentities.value, bsuid),
      ),
    );
  if (found) return { patient: found, created: false };
  const [created] = await db
    .insert(patients)
    .values({ tenant_id: tenantId, phone: null, full_name: name })
    .returning(patientRef);
  const patient = created as { id: string; whatsapp_consent: Consent };
  await db
    .insert(patientIdentities)
    .values({ tenant_id: tenantId, patient_id: patient.id, kind: 'whatsapp_bsuid', value: bsuid })
    .onConflictDoUpdate({
      target: [patientIdentities.tenant_id, patientIdentities.kind, patientIdentities.value],
      set: { patient_id: patient.id },
    });
  return { patient, created: true };
}

/** Serialises all conversation work of one patient (see openPatientConversation). */
export async function lockPatient(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db
    .select({ ...patientRef, phone: patients.phone })
    .from(patients)
    .where(and(live(tenantId), eq(patients.id, id)))
    .for('update');
  return row ?? null;
}

export async function setConsent(db: DbOrTx, tenantId: string, id: string, consent: Consent, at: Date) {
  await db
    .update(patients)
    .set({ whatsapp_consent: consent, whatsapp_consent_at: at })
    .where(and(eq(patients.tenant_id, tenantId), eq(patients.id, id)));
}

/** Insert unless the provider id is already stored (the unique key on tenant, channel, external id). */
export async function insertMessage(db: DbOrTx, tenantId: string, values: MessageInsert) {
  const [row] = await insertMessages(db, tenantId, [values]);
  return row ?? null;
}

/** Many in one statement: the ones already stored are left out of what is returned. */
export async function insertMessages(db: DbOrTx, tenantId: string, values: MessageInsert[]) {
  if (values.length === 0) return [];
  return db
    .insert(messages)
    .values(values.map((v) => ({ ...v, tenant_id: tenantId })))
    .onConflictDoNothing({ target: [messages.tenant_id, messages.channel, messages.external_id] })
    .returning();
}

export async function findMessage(db: DbOrTx, tenantId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(messages)
    .where(and(eq(messages.tenant_id, tenantId), eq(messages.id, id)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function updateMessage(
  db: DbOrTx,
  tenantId: string,
  id: string,
  values: Partial<Pick<MessageRow, 'external_id' | 'error_code' | 'error_message' | 'status_times'>> & {
    status?: MessageStatus;
  },
) {
  const [row] = await db
    .update(messages)
    .set(values)
    .where(and(eq(messages.tenant_id, tenantId), eq(messages.id, id)))
    .returning();
  return row ?? null;
}

export type MessageStatusWrite = Pick<
  MessageRow,
  'id' | 'status' | 'status_times' | 'error_code' | 'error_message'
>;

/** Status, per-state times and error of many messages in one statement. */
export async function writeMessageStatuses(db: DbOrTx, tenantId: string, rows: MessageStatusWrite[]) {
  if (rows.length === 0) return [];
  const x = sql`x`;
  return db
    .update(messages)
    .set({
      status: sql`${x}.status`,
      status_times: sql`${x}.status_times`,
      error_code: sql`${x}.error_code`,
      error_message: sql`${x}.error_message`,
    })
    .from(
      sql`json_to_recordset(${JSON.stringify(rows)}::json) as ${x}(id uuid, status text, status_times jsonb, error_code text, error_message text)`,
    )
    .where(and(eq(messages.tenant_id, tenantId), eq(messages.id, sql`${x}.id`)))
    .returning(getTableColumns(messages));
}

/** Serialises everything that concerns each of these provider message ids, taking the locks in order. */
export async function lockSids(db: DbOrTx, tenantId: string, sids: string[]) {
  // Taken in the statement's own order, so every caller takes them alike.
  const keys = [...new Set(sids)].map((sid) => `sid:${tenantId}:${sid}`);
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from (select k from json_array_elements_text(${JSON.stringify(keys)}::json) as k order by k) as ordered`,
  );
}

export async function findMessagesBySids(db: DbOrTx, tenantId: string, sids: string[]) {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.tenant_id, tenantId),
        eq(messages.channel, 'whatsapp'),
        inArray(messages.external_id, sids),
      ),
    )
    .orderBy(messages.id)
    .for('update');
}

/** Serialises everything that concerns one provider message id: its send result and its callbacks. */
export async function lockSid(db: DbOrTx, tenantId: string, sid: string) {
  await lockSids(db, tenantId, [sid]);
}

export type MediaInsert = { id: string; position: number; content_type: string; source_url: string };

export async function insertMedia(db: DbOrTx, tenantId: string, messageId: string, items: MediaInsert[]) {
  if (items.length === 0) return;
  await db
    .insert(messageMedia)
    .values(items.map((m) => ({ ...m, tenant_id: tenantId, message_id: messageId })))
    .onConflictDoNothing();
}

export async function findMedia(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(messageMedia)
    .where(and(eq(messageMedia.tenant_id, tenantId), eq(messageMedia.id, id)));
  return row ?? null;
}

export async function updateMedia(
  db: DbOrTx,
  tenantId: string,
  id: string,
  values: Partial<Pick<typeof messageMedia.$inferInsert, 'status' | 'size_bytes' | 'data' | 'error'>>,
) {
  await db
    .update(messageMedia)
    .set(values)
    .where(and(eq(messageMedia.tenant_id, tenantId), eq(messageMedia.id, id)));
}

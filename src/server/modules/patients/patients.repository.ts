import { and, asc, eq, gt, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { escapeLike } from '../../platform/db/like.js';
import {
  appointments,
  conversations,
  messages,
  patientIdentities,
  patientJourneys,
  patients,
  voiceCalls,
} from '../../platform/db/schema/index.js';

export type PatientRow = typeof patients.$inferSelect;
export type PatientInsert = Omit<typeof patients.$inferInsert, 'tenant_id' | 'id'>;

const live = (tenantId: string) => and(eq(patients.tenant_id, tenantId), isNull(patients.merged_into_id));

export async function findPatient(db: DbOrTx, tenantId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(patients)
    .where(and(live(tenantId), eq(patients.id, id)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function insertPatient(db: DbOrTx, tenantId: string, values: PatientInsert) {
  const [row] = await db
    .insert(patients)
    .values({ ...values, tenant_id: tenantId })
    .returning();
  return row as PatientRow;
}

export async function updatePatient(
  db: DbOrTx,
  tenantId: string,
  id: string,
  values: Partial<PatientInsert>,
) {
  const [row] = await db
    .update(patients)
    .set(values)
    .where(and(live(tenantId), eq(patients.id, id)))
    .returning();
  return row ?? null;
}

export async function searchPatients(
  db: DbOrTx,
  tenantId: string,
  opts: { q?: string | undefined; tag?: string | undefined; after?: string | undefined; limit: number },
) {
  const conds: (SQL | undefined)[] = [live(tenantId)];
  if (opts.q) {
    const digits = opts.q.replace(/[^\d]/g, '');
    conds.push(
      or(
        ilike(patients.full_name, `%${escapeLike(opts.q)}%`),
        digits.length >= 4 ? sql`${patients.phone} like ${`%${digits}%`}` : undefined,
      ),
    );
  }
  if (opts.tag) conds.push(sql`${opts.tag} = any(${patients.tags})`);
  if (opts.after) conds.push(gt(patients.id, opts.after));
  return db
    .select()
    .from(patients)
    .where(and(...conds))
    .orderBy(asc(patients.id))
    .limit(opts.limit + 1);
}

/** Re-point everything the duplicate owns at the survivor; returns how many rows moved per kind. */
export async function reassignPatientData(db: DbOrTx, tenantId: string, fromId: string, toId: string) {
  const move = async (
    table: typeof appointments | typeof patientJourneys | typeof conversations | typeof messages,
  ) => {
    const rows = await db
      .update(table)
      .set({ patient_id: toId })
      .where(and(eq(table.tenant_id, tenantId), eq(table.patient_id, fromId)))
      .returning({ id: table.id });
    return rows.length;
  };
  // Identities without a phone (WhatsApp business-scoped ids) follow the survivor, so the next message
  // from that id lands on the merged record instead of creating a new patient.
  await db
    .update(patientIdentities)
    .set({ patient_id: toId })
    .where(and(eq(patientIdentities.tenant_id, tenantId), eq(patientIdentities.patient_id, fromId)));
  const calls = await db
    .update(voiceCalls)
    .set({ patient_id: toId })
    .where(and(eq(voiceCalls.tenant_id, tenantId), eq(voiceCalls.patient_id, fromId)))
    .returning({ id: voiceCalls.id });
  return {
    appointments: await move(appointments),
    journeys: await move(patientJourneys),
    conversations: await move(conversations),
    messages: await move(messages),
    calls: calls.length,
  };
}

/**
 * The live patient with this phone, created when there is none, and locked (FOR UPDATE) until the caller's
 * transaction ends, so what it does next for the patient (open a conversation, book) happens once at a time.
 * Race-free: concurrent webhooks for one new number meet at the unique (tenant, phone) index, and the loser
 * reads the winner's row. The usual case, a known number, is one statement.
 */
export async function findOrCreateByPhone(
  db: DbOrTx,
  tenantId: string,
  phone: string,
  values: Omit<PatientInsert, 'phone'>,
) {
  const found = (await findOrCreateByPhones(db, tenantId, [{ ...values, phone }])).get(phone);
  if (!found) throw new Error('patient by phone vanished after a conflict');
  return found;
}

/**
 * The live patient of each phone, created from its values when there is none, each row locked to the end
 * of the transaction. One statement locks all that exist, in phone order, so two callers with overlapping
 * phones take their locks alike; a phone another transaction is creating at the same moment is waited
 * for (the unique key) and then locked as found.
 */
export async function findOrCreateByPhones(
  db: DbOrTx,
  tenantId: string,
  wanted: (Omit<PatientInsert, 'phone'> & { phone: string })[],
) {
  const out = new Map<string, { patient: PatientRow; created: boolean }>();
  const locked = async (phones: string[]) => {
    const rows = await db
      .select()
      .from(patients)
      .where(and(live(tenantId), inArray(patients.phone, phones)))
      .orderBy(asc(patients.phone))
      .for('update');
    for (const patient of rows) out.set(patient.phone as string, { patient, created: false });
  };
  const byPhone = new Map(wanted.map((w) => [w.phone, w]));
  const phones = [...byPhone.keys()].sort();
  if (phones.length === 0) return out;
  await locked(phones);
  const missing = phones.filter((p) => !out.has(p));
  if (missing.length === 0) return out;
  const created = await db
    .insert(patients)
    .values(missing.map((p) => ({ ...(byPhone.get(p) as PatientInsert), phone: p, tenant_id: tenantId })))
    .onConflictDoNothing({
      target: [patients.tenant_id, patients.phone],
      where: isNull(patients.merged_into_id),
    })
    .returning();
  for (const patient of created) out.set(patient.phone as string, { patient, created: true });
  const raced = missing.filter((p) => !out.has(p));
  if (raced.length > 0) await locked(raced);
  return out;
}

import { and, asc, eq, gt, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
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
  const locked = async () => {
    const [row] = await db
      .select()
      .from(patients)
      .where(and(live(tenantId), eq(patients.phone, phone)))
      .for('update');
    return row;
  };
  const known = await locked();
  if (known) return { patient: known, created: false };
  const [created] = await db
    .insert(patients)
    .values({ ...values, phone, tenant_id: tenantId })
    .onConflictDoNothing({
      target: [patients.tenant_id, patients.phone],
      where: isNull(patients.merged_into_id),
    })
    .returning();
  if (created) return { patient: created, created: true };
  const existing = await locked();
  if (!existing) throw new Error('patient by phone vanished after a conflict');
  return { patient: existing, created: false };
}

import { and, asc, eq, getTableColumns, gt, gte, lt, lte, ne, notInArray, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { appointments, patients, practitioners } from '../../platform/db/schema/index.js';

export type AppointmentRow = typeof appointments.$inferSelect;
type AppointmentInsert = Omit<typeof appointments.$inferInsert, 'id' | 'tenant_id'>;

/** Statuses that no longer hold the practitioner's time. */
const FREEING = ['cancelled', 'no_show'] as const;

const withNames = {
  ...getTableColumns(appointments),
  patient_name: patients.full_name,
  practitioner_name: practitioners.name,
};

function selectWithNames(db: DbOrTx) {
  return db
    .select(withNames)
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patient_id))
    .innerJoin(practitioners, eq(practitioners.id, appointments.practitioner_id));
}

export async function findAppointment(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await selectWithNames(db).where(
    and(eq(appointments.tenant_id, tenantId), eq(appointments.id, id)),
  );
  return row ?? null;
}

/** Serialises bookings per practitioner: concurrent requests for one calendar queue on this row lock. */
export async function lockPractitioner(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(practitioners)
    .where(and(eq(practitioners.tenant_id, tenantId), eq(practitioners.id, id)))
    .for('update');
  return row ?? null;
}

export async function findClash(
  db: DbOrTx,
  tenantId: string,
  practitionerId: string,
  startsAt: Date,
  endsAt: Date,
  excludeId?: string,
) {
  const [row] = await db
    .select({ id: appointments.id, starts_at: appointments.starts_at, ends_at: appointments.ends_at })
    .from(appointments)
    .where(
      and(
        eq(appointments.tenant_id, tenantId),
        eq(appointments.practitioner_id, practitionerId),
        notInArray(appointments.status, [...FREEING]),
        lt(appointments.starts_at, endsAt),
        gt(appointments.ends_at, startsAt),
        excludeId ? ne(appointments.id, excludeId) : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function insertAppointment(db: DbOrTx, tenantId: string, values: AppointmentInsert) {
  const [row] = await db
    .insert(appointments)
    .values({ ...values, tenant_id: tenantId })
    .returning({ id: appointments.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateAppointment(
  db: DbOrTx,
  tenantId: string,
  id: string,
  values: Partial<AppointmentInsert>,
) {
  await db
    .update(appointments)
    .set(values)
    .where(and(eq(appointments.tenant_id, tenantId), eq(appointments.id, id)));
}

export function listAppointments(
  db: DbOrTx,
  tenantId: string,
  f: {
    from?: Date | undefined;
    to?: Date | undefined;
    practitioner_id?: string | undefined;
    patient_id?: string | undefined;
    department_id?: string | undefined;
    location_id?: string | undefined;
    status?: AppointmentRow['status'] | undefined;
    after?: [string, string] | undefined;
    limit: number;
  },
) {
  const conds: (SQL | undefined)[] = [
    eq(appointments.tenant_id, tenantId),
    f.from ? gte(appointments.starts_at, f.from) : undefined,
    f.to ? lte(appointments.starts_at, f.to) : undefined,
    f.practitioner_id ? eq(appointments.practitioner_id, f.practitioner_id) : undefined,
    f.patient_id ? eq(appointments.patient_id, f.patient_id) : undefined,
    f.department_id ? eq(appointments.department_id, f.department_id) : undefined,
    f.location_id ? eq(appointments.location_id, f.location_id) : undefined,
    f.status ? eq(appointments.status, f.status) : undefined,
  ];
  if (f.after) {
    const at = new Date(f.after[0]);
    conds.push(
      or(
        gt(appointments.starts_at, at),
        and(eq(appointments.starts_at, at), gt(appointments.id, f.after[1])),
      ),
    );
  }
  return selectWithNames(db)
    .where(and(...conds))
    .orderBy(asc(appointments.starts_at), asc(appointments.id))
    .limit(f.limit + 1);
}

export async function lockAppointment(db: DbOrTx, tenantId: string, id: string) {
  await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(and(eq(appointments.tenant_id, tenantId), eq(appointments.id, id)))
    .for('update');
}

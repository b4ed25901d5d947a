import { audit } from '../../platform/audit.js';
import { assertRole, type Ctx, STAFF } from '../../platform/auth/principal.js';
import type { Db, Tx } from '../../platform/db/client.js';
import type { AppointmentStatus } from '../../platform/db/schema/index.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { findEntry } from '../directory/directory.repository.js';
import { findPatient } from '../patients/patients.repository.js';
import { isReschedulable, TIMESTAMP_OF, transitionError } from './appointment-lifecycle.js';
import * as repo from './appointments.repository.js';
import type { AppointmentCreate, AppointmentQuery, AppointmentReschedule } from './appointments.schemas.js';

const addMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

async function assertSlotFree(
  tx: Tx,
  tenantId: string,
  practitionerId: string,
  start: Date,
  end: Date,
  self?: string,
) {
  const clash = await repo.findClash(tx, tenantId, practitionerId, start, end, self);
  if (clash)
    throw conflict(
      'slot_unavailable',
      `The practitioner already has an appointment from ${clash.starts_at.toISOString()} to ${clash.ends_at.toISOString()}`,
    );
}

async function loadOrThrow(tx: Db | Tx, tenantId: string, id: string) {
  const row = await repo.findAppointment(tx, tenantId, id);
  if (!row) throw notFound('Appointment');
  return row;
}

/**
 * Book inside the caller's transaction, so other modules (a voice call's booking) can make the booking
 * and their own record atomic. The practitioner row lock makes the clash check and insert one step.
 */
export async function bookInTx(tx: Tx, ctx: Ctx, input: AppointmentCreate) {
  const tenantId = ctx.principal.tenantId;
  const practitioner = await repo.lockPractitioner(tx, tenantId, input.practitioner_id);
  if (!practitioner) throw notFound('Practitioner');
  if (!practitioner.active)
    throw conflict('practitioner_inactive', 'The practitioner is not taking appointments');
  if (!(await findPatient(tx, tenantId, input.patient_id))) throw notFound('Patient');
  if (input.location_id && !(await findEntry(tx, 'locations', tenantId, input.location_id)))
    throw notFound('Location');
  const endsAt = addMinutes(input.starts_at, input.duration_minutes);
  await assertSlotFree(tx, tenantId, practitioner.id, input.starts_at, endsAt);
  const id = await repo.insertAppointment(tx, tenantId, {
    ...input,
    ends_at: endsAt,
    department_id: practitioner.department_id,
    location_id: input.location_id ?? practitioner.location_id,
  });
  await audit(tx, ctx, 'create', 'appointment', [id]);
  return loadOrThrow(tx, tenantId, id);
}

export async function bookAppointment(db: Db, ctx: Ctx, input: AppointmentCreate) {
  assertRole(ctx, STAFF);
  return db.transaction((tx) => bookInTx(tx, ctx, input));
}

export async function getAppointment(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, STAFF);
  const row = await loadOrThrow(db, ctx.principal.tenantId, id);
  await audit(db, ctx, 'read', 'appointment', [row.id]);
  return row;
}

export async function listAppointments(db: Db, ctx: Ctx, q: AppointmentQuery) {
  assertRole(ctx, STAFF);
  const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
  const rows = await repo.listAppointments(db, ctx.principal.tenantId, { ...q, after });
  const result = toPage(rows, q.limit, (r) => [r.starts_at.toISOString(), r.id]);
  await audit(
    db,
    ctx,
    'list',
    'appointment',
    result.data.map((r) => r.id),
  );
  return result;
}

export async function rescheduleAppointment(db: Db, ctx: Ctx, id: string, input: AppointmentReschedule) {
  assertRole(ctx, STAFF);
  const tenantId = ctx.principal.tenantId;
  return db.transaction(async (tx) => {
    const current = await loadOrThrow(tx, tenantId, id);
    if (!isReschedulable(current.status))
      throw conflict('not_reschedulable', `A ${current.status} appointment cannot be rescheduled`);
    const practitionerId = input.practitioner_id ?? current.practitioner_id;
    const practitioner = await repo.lockPractitioner(tx, tenantId, practitionerId);
    if (!practitioner) throw notFound('Practitioner');
    if (input.location_id && !(await findEntry(tx, 'locations', tenantId, input.location_id)))
      throw notFound('Location');
    const startsAt = input.starts_at ?? current.starts_at;
    const duration = input.duration_minutes ?? current.duration_minutes;
    const endsAt = addMinutes(startsAt, duration);
    const moved =
      startsAt.getTime() !== current.starts_at.getTime() || practitionerId !== current.practitioner_id;
    await assertSlotFree(tx, tenantId, practitionerId, startsAt, endsAt, id);
    await repo.updateAppointment(tx, tenantId, id, {
      ...input,
      starts_at: startsAt,
      ends_at: endsAt,
      duration_minutes: duration,
      practitioner_id: practitionerId,
      department_id: practitioner.department_id,
      // A new time needs a new confirmation from the patient.
      ...(moved ? { status: 'booked' as const, confirmed_at: null } : {}),
    });
    await audit(tx, ctx, 'update', 'appointment', [id], 'reschedule');
    return loadOrThrow(tx, tenantId, id);
  });
}

export async function changeStatusInTx(
  tx: Tx,
  ctx: Ctx,
  id: string,
  to: Exclude<AppointmentStatus, 'booked'>,
  reason?: string | null,
) {
  const tenantId = ctx.principal.tenantId;
  const current = await loadOrThrow(tx, tenantId, id);
  const now = new Date();
  const why = transitionError(current.status, to, current.starts_at, now);
  if (why) throw conflict('illegal_transition', why);
  await repo.updateAppointment(tx, tenantId, id, {
    status: to,
    [TIMESTAMP_OF[to]]: now,
    ...(to === 'cancelled' ? { cancel_reason: reason ?? null } : {}),
  });
  await audit(tx, ctx, 'update', 'appointment', [id], `status ${current.status} → ${to}`);
  return loadOrThrow(tx, tenantId, id);
}

export async function changeStatus(
  db: Db,
  ctx: Ctx,
  id: string,
  to: Exclude<AppointmentStatus, 'booked'>,
  reason?: string | null,
) {
  assertRole(ctx, STAFF);
  // Row lock: two clerks pressing "check in" and "cancel" at once must not both succeed.
  return db.transaction(async (tx) => {
    await repo.lockAppointment(tx, ctx.principal.tenantId, id);
    return changeStatusInTx(tx, ctx, id, to, reason);
  });
}

import type { Ctx } from '../../platform/auth/principal.js';
import type { Tx } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { findAppointment, lockAppointment } from '../appointments/appointments.repository.js';
import { bookInTx, changeStatusInTx, rescheduleAppointment } from '../appointments/appointments.service.js';
import type { CallRow } from './voice.repository.js';

/** The booking as stored on the call: the event's `analysis.booking`, dates as ISO strings. */
type StoredBooking = {
  practitioner_id?: string | null;
  start?: string | null;
  duration_minutes?: number | null;
  reason?: string | null;
  appointment_id?: string | null;
};

type BookingResult = Pick<CallRow, 'booking_status' | 'booking_error' | 'appointment_id'>;

const failed = (reason: string): BookingResult => ({
  booking_status: 'booking_failed',
  booking_error: reason,
  appointment_id: null,
});

/**
 * Run one appointment action in a savepoint: a refusal (clash, unknown practitioner…) becomes the call's
 * `booking_failed` reason and leaves the rest of the event's transaction intact; anything else propagates.
 */
async function attempt(tx: Tx, action: (sp: Tx) => Promise<BookingResult>): Promise<BookingResult> {
  try {
    return await tx.transaction(action);
  } catch (err) {
    if (err instanceof AppError) return failed(err.message);
    throw err;
  }
}

/** The caller's own appointment, locked; someone else's is as unknown as a missing one. */
async function callersAppointment(sp: Tx, tenantId: string, id: string, patientId: string) {
  await lockAppointment(sp, tenantId, id);
  const row = await findAppointment(sp, tenantId, id);
  if (!row || row.patient_id !== patientId) throw notFound('Appointment');
  return row;
}

/**
 * Act on the call's outcome once per call (the caller's row lock and `booking_status` make it idempotent
 * on call_id): book, reschedule or cancel. Null when there is nothing to do, or nothing to do yet — a call
 * whose caller is not known yet books when the event that identifies the caller arrives.
 */
export async function actOnOutcome(tx: Tx, ctx: Ctx, call: CallRow): Promise<BookingResult | null> {
  const booking = call.booking as StoredBooking | null;
  const patientId = call.patient_id;
  if (call.booking_status !== 'none' || !booking || !patientId) return null;
  const tenantId = ctx.principal.tenantId;
  const start = booking.start ? new Date(booking.start) : undefined;
  const appointmentId = booking.appointment_id;
  switch (call.outcome) {
    case 'appointment_booked': {
      const practitionerId = booking.practitioner_id;
      if (!practitionerId || !start) return failed('The booking names no practitioner or no start time');
      return attempt(tx, async (sp) => {
        const appt = await bookInTx(sp, ctx, {
          patient_id: patientId,
          practitioner_id: practitionerId,
          starts_at: start,
          duration_minutes: booking.duration_minutes ?? 15,
          reason: booking.reason ?? null,
          source: 'voice',
        });
        return { booking_status: 'booked', booking_error: null, appointment_id: appt.id };
      });
    }
    case 'appointment_rescheduled': {
      if (!appointmentId) return null;
      if (!start) return failed('The reschedule names no new start time');
      return attempt(tx, async (sp) => {
        await callersAppointment(sp, tenantId, appointmentId, patientId);
        await rescheduleAppointment(sp, ctx, appointmentId, {
          starts_at: start,
          ...(booking.duration_minutes ? { duration_minutes: booking.duration_minutes } : {}),
          ...(booking.practitioner_id ? { practitioner_id: booking.practitioner_id } : {}),
        });
        return { booking_status: 'rescheduled', booking_error: null, appointment_id: appointmentId };
      });
    }
    case 'appointment_cancelled': {
      if (!appointmentId) return null;
      return attempt(tx, async (sp) => {
        await callersAppointment(sp, tenantId, appointmentId, patientId);
        await changeStatusInTx(
          sp,
          ctx,
          appointmentId,
          'cancelled',
          'Cancelled by the caller on a voice call',
        );
        return { booking_status: 'cancelled', booking_error: null, appointment_id: appointmentId };
      });
    }
    default:
      return null;
  }
}

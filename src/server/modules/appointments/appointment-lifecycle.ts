import type { AppointmentStatus } from '../../platform/db/schema/index.js';

/** The appointment lifecycle: booked → confirmed → checked_in → completed, or cancelled / no_show. */
const NEXT: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['confirmed', 'checked_in', 'cancelled', 'no_show'],
  confirmed: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export const TIMESTAMP_OF = {
  confirmed: 'confirmed_at',
  checked_in: 'checked_in_at',
  completed: 'completed_at',
  cancelled: 'cancelled_at',
  no_show: 'no_show_at',
} as const;

/** Why a transition is refused, or null when it is allowed. */
export function transitionError(
  from: AppointmentStatus,
  to: AppointmentStatus,
  startsAt: Date,
  now: Date,
): string | null {
  if (from === to) return `The appointment is already ${from}`;
  if (!NEXT[from].includes(to)) {
    const allowed = NEXT[from];
    return allowed.length
      ? `An appointment that is ${from} can only become ${allowed.join(', ')}`
      : `A ${from} appointment is final and cannot change`;
  }
  if (to === 'no_show' && now < startsAt)
    return 'A patient can only be marked no-show once the appointment has started';
  return null;
}

export const isReschedulable = (s: AppointmentStatus) => s === 'booked' || s === 'confirmed';

import type { Call } from '../api/endpoints.js';

export const OUTCOMES: Record<NonNullable<Call['outcome']>, string> = {
  appointment_booked: 'Appointment booked',
  appointment_rescheduled: 'Appointment rescheduled',
  appointment_cancelled: 'Appointment cancelled',
  transferred_to_staff: 'Transferred to staff',
  information_given: 'Information given',
  no_resolution: 'No resolution',
};

export const words = (s: string | null) => (s ? s.replaceAll('_', ' ') : '—');

export function duration(seconds: number | null) {
  if (seconds === null) return '—';
  const m = Math.floor(seconds / 60);
  return `${m}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

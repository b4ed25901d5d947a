import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { transitionError } from '../../server/modules/appointments/appointment-lifecycle.js';
import type { Appointment, AppointmentStatus } from '../api/endpoints.js';
import { api } from '../api/endpoints.js';
import { describeError } from './states.js';

const ACTIONS: { to: Exclude<AppointmentStatus, 'booked'>; label: string }[] = [
  { to: 'confirmed', label: 'Confirm' },
  { to: 'checked_in', label: 'Check in' },
  { to: 'completed', label: 'Complete' },
  { to: 'no_show', label: 'No-show' },
  { to: 'cancelled', label: 'Cancel' },
];

export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export const StatusBadge = ({ status }: { status: AppointmentStatus }) => (
  <span className={`badge badge-${status}`}>{STATUS_LABEL[status]}</span>
);

/**
 * The moves the server's lifecycle allows from the status shown. The server still decides: when the
 * appointment changed elsewhere meanwhile, its 409 reason is shown and the list refreshes.
 */
export function AppointmentActions({ appointment, label }: { appointment: Appointment; label: string }) {
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const change = useMutation({
    mutationFn: (body: { status: Exclude<AppointmentStatus, 'booked'>; reason?: string }) =>
      api.changeStatus(appointment.id, body),
    onSuccess: () => setCancelling(false),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['appointments'] }),
  });
  const allowed = ACTIONS.filter(
    (a) => transitionError(appointment.status, a.to, appointment.starts_at, new Date()) === null,
  );

  const submitCancel = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ status: 'cancelled', reason: reason.trim() || undefined });
  };
  return (
    <div className="actions">
      {cancelling ? (
        <form className="inline-form" onSubmit={submitCancel}>
          <label htmlFor={reasonId}>Reason for cancelling (optional)</label>
          <input id={reasonId} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="button button-danger" disabled={change.isPending}>
            Cancel appointment
          </button>
          <button type="button" className="button button-quiet" onClick={() => setCancelling(false)}>
            Keep it
          </button>
        </form>
      ) : (
        allowed.length > 0 && (
          // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form group
          <div className="action-buttons" role="group" aria-label={`Change status of ${label}`}>
            {allowed.map((a) => (
              <button
                key={a.to}
                type="button"
                className={a.to === 'cancelled' ? 'button button-small button-danger' : 'button button-small'}
                disabled={change.isPending}
                onClick={() => (a.to === 'cancelled' ? setCancelling(true) : change.mutate({ status: a.to }))}
              >
                {a.label}
              </button>
            ))}
          </div>
        )
      )}
      {change.isError && (
        <p className="alert" role="alert">
          {describeError(change.error)}
        </p>
      )}
    </div>
  );
}

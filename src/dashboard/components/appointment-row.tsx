import { Link } from 'react-router';
import type { Appointment } from '../api/endpoints.js';
import { formatTime } from '../time.js';
import { AppointmentActions, StatusBadge } from './appointment-actions.js';

type Props = {
  appointment: Appointment;
  timeZone: string;
  locale: string;
  /** On a patient's page the patient is known; on a practitioner's day the practitioner is. */
  show: 'patient' | 'practitioner' | 'both';
  /** Shown before the time, e.g. the date on a patient's history. */
  when?: string;
};

export function AppointmentRow({ appointment: a, timeZone, locale, show, when }: Props) {
  const time = formatTime(a.starts_at, timeZone, locale);
  return (
    <li className="appt" data-testid="appointment" data-appointment-id={a.id} data-status={a.status}>
      <div className="appt-time">
        {when && <span className="appt-date">{when}</span>}
        <time dateTime={a.starts_at.toISOString()}>{time}</time>
        <span className="muted"> · {a.duration_minutes} min</span>
      </div>
      <div className="appt-who">
        {show !== 'practitioner' && (
          <Link to={`/patients/${a.patient_id}`} className="appt-patient">
            {a.patient_name}
          </Link>
        )}
        {show !== 'patient' && <span className="muted">{a.practitioner_name}</span>}
        {a.reason && <span className="appt-reason">{a.reason}</span>}
        {a.cancel_reason && <span className="muted">Cancelled: {a.cancel_reason}</span>}
      </div>
      <StatusBadge status={a.status} />
      <AppointmentActions appointment={a} label={`${a.patient_name} at ${when ? `${when} ` : ''}${time}`} />
    </li>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Me, type Patient } from '../api/endpoints.js';
import { CallRow } from '../calls/call-row.js';
import { formatDateTime } from '../time.js';
import { EmptyState, ErrorState, Skeleton } from './states.js';

/**
 * The patient's conversations. The list API has no patient filter, so it is asked for the phone's digits
 * (its search covers phone digits) and only this patient's rows are kept.
 */
export function PatientConversations({ patient, me }: { patient: Patient; me: Me }) {
  const digits = patient.phone?.replace(/\D/g, '') ?? '';
  const list = useQuery({
    queryKey: ['conversations', { patient: patient.id }],
    queryFn: () => api.conversations({ q: digits, limit: 50 }),
    enabled: digits.length > 0,
  });
  if (!digits) return <EmptyState title="No phone number, so no WhatsApp conversations." />;
  if (list.isPending) return <Skeleton rows={2} label="Loading conversations" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const own = list.data.data.filter((c) => c.patient_id === patient.id);
  if (own.length === 0) return <EmptyState title="No conversations." />;
  const { time_zone: tz, locale } = me.organization;
  return (
    <ul data-testid="patient-conversations">
      {own.map((c) => (
        <li key={c.id}>
          <Link to={`/inbox?c=${c.id}&status=all`}>
            {c.channel === 'whatsapp' ? 'WhatsApp' : c.channel} · {c.status === 'open' ? 'open' : 'closed'}
            {c.last_message_at && ` · last message ${formatDateTime(c.last_message_at, tz, locale)}`}
            {c.unread_count > 0 && ` · ${c.unread_count} unread`}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function PatientCalls({ patientId, me }: { patientId: string; me: Me }) {
  const list = useQuery({
    queryKey: ['calls', { patient_id: patientId }],
    queryFn: () => api.calls({ patient_id: patientId, limit: 20 }),
  });
  if (list.isPending) return <Skeleton rows={2} label="Loading calls" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  if (list.data.data.length === 0) return <EmptyState title="No calls." />;
  return (
    <ul className="calls" data-testid="patient-calls">
      {list.data.data.map((c) => (
        <CallRow key={c.id} c={c} timeZone={me.organization.time_zone} locale={me.organization.locale} />
      ))}
    </ul>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Me } from '../api/endpoints.js';
import { CallRow } from '../calls/call-row.js';
import { formatDateTime } from '../time.js';
import { EmptyState, ErrorState, Skeleton } from './states.js';

export function PatientConversations({ patientId, me }: { patientId: string; me: Me }) {
  const list = useQuery({
    queryKey: ['conversations', { patient_id: patientId }],
    queryFn: () => api.conversations({ patient_id: patientId, limit: 50 }),
  });
  if (list.isPending) return <Skeleton rows={2} label="Loading conversations" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  if (list.data.data.length === 0) return <EmptyState title="No conversations." />;
  const { time_zone: tz, locale } = me.organization;
  return (
    <ul data-testid="patient-conversations">
      {list.data.data.map((c) => (
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

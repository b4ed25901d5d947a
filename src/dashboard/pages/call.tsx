import '../calls/calls.css';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, type CallDetail, type Me } from '../api/endpoints.js';
import { duration, OUTCOMES, words } from '../calls/labels.js';
import { AppointmentRow } from '../components/appointment-row.js';
import { ErrorState, Skeleton } from '../components/states.js';
import { useMe } from '../session.js';
import { formatDateTime } from '../time.js';

function Facts({ c, me }: { c: CallDetail; me: Me }) {
  const { time_zone: tz, locale } = me.organization;
  const rows: [string, string][] = [
    ['Started', c.started_at ? formatDateTime(c.started_at, tz, locale) : '—'],
    ['Direction', words(c.direction)],
    ['Duration', duration(c.duration_seconds)],
    ['Agent', c.agent_name ?? c.agent_id ?? '—'],
    ['Outcome', c.outcome ? OUTCOMES[c.outcome] : '—'],
    ['Ended by', words(c.end_reason)],
    ['Sentiment', c.sentiment ?? '—'],
    ['Intent', words(c.intent)],
    ['Booking', words(c.booking_status) + (c.booking_error ? ` (${c.booking_error})` : '')],
  ];
  return (
    <dl className="card details" data-testid="call-facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function CallPage() {
  const me = useMe().data as Me;
  const { id } = useParams() as { id: string };
  const call = useQuery({ queryKey: ['call', id], queryFn: () => api.call(id) });
  if (call.isPending)
    return (
      <main className="page">
        <Skeleton rows={6} label="Loading call" />
      </main>
    );
  if (call.isError)
    return (
      <main className="page">
        <h1>Call</h1>
        <ErrorState error={call.error} onRetry={() => call.refetch()} />
      </main>
    );
  const c = call.data;
  const { time_zone: tz, locale } = me.organization;
  return (
    <main className="page">
      <p>
        <Link to="/calls">‹ All calls</Link>
      </p>
      <h1>
        Call with{' '}
        {c.patient_id ? (
          <Link to={`/patients/${c.patient_id}`}>{c.patient_name}</Link>
        ) : (
          (c.from_number ?? 'unknown caller')
        )}
      </h1>
      <Facts c={c} me={me} />
      <section aria-labelledby="summary-h">
        <h2 id="summary-h">Summary</h2>
        <p data-testid="call-summary">{c.summary ?? 'No summary.'}</p>
      </section>
      <section aria-labelledby="appt-h">
        <h2 id="appt-h">Linked appointment</h2>
        {c.appointment ? (
          <ul className="appts">
            <AppointmentRow appointment={c.appointment} timeZone={tz} locale={locale} show="practitioner" />
          </ul>
        ) : (
          <p className="muted">None.</p>
        )}
      </section>
      <section aria-labelledby="transcript-h">
        <h2 id="transcript-h">Transcript</h2>
        {c.transcript.length === 0 ? (
          <p className="muted">No transcript.</p>
        ) : (
          <ol className="transcript" data-testid="transcript">
            {c.transcript.map((t) => (
              <li key={t.seq} className={`turn turn-${t.speaker}`}>
                <span className="speaker">{t.speaker === 'agent' ? 'Agent' : 'Caller'}</span>
                <p>{t.text}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </main>
  );
}

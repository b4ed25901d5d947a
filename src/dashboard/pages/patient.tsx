import '../calls/calls.css';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { api, type Me, type Patient } from '../api/endpoints.js';
import { AppointmentRow } from '../components/appointment-row.js';
import { JourneyTimeline } from '../components/journey-timeline.js';
import { PatientCalls, PatientConversations } from '../components/patient-contacts.js';
import { EmptyState, ErrorState, Skeleton } from '../components/states.js';
import { useMe } from '../session.js';
import { dayKey, formatDay } from '../time.js';

const CONSENT: Record<Patient['whatsapp_consent'], string> = {
  unknown: 'not asked',
  opted_in: 'opted in',
  opted_out: 'opted out',
};

function Details({ patient: p }: { patient: Patient }) {
  const rows: [string, string][] = [
    ['Phone', p.phone ?? '—'],
    ['E-mail', p.email ?? '—'],
    ['Date of birth', p.date_of_birth ?? '—'],
    ['Gender', p.gender],
    ['Language', p.preferred_language ?? '—'],
    ['WhatsApp', CONSENT[p.whatsapp_consent]],
    ['Tags', p.tags.join(', ') || '—'],
  ];
  return (
    <dl className="card details">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Appointments({ patientId, me }: { patientId: string; me: Me }) {
  const { time_zone: tz, locale } = me.organization;
  const list = useQuery({
    queryKey: ['appointments', { patient_id: patientId }],
    queryFn: () => api.appointments({ patient_id: patientId, limit: 200 }),
  });
  if (list.isPending) return <Skeleton rows={3} label="Loading appointments" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  if (list.data.data.length === 0) return <EmptyState title="No appointments yet." />;
  const now = Date.now();
  const upcoming = list.data.data.filter((a) => a.ends_at.getTime() >= now);
  const past = list.data.data.filter((a) => a.ends_at.getTime() < now).reverse();
  const row = (a: (typeof upcoming)[number]) => (
    <AppointmentRow
      key={a.id}
      appointment={a}
      timeZone={tz}
      locale={locale}
      show="practitioner"
      when={formatDay(dayKey(a.starts_at, tz), locale)}
    />
  );
  return (
    <>
      <h3>Upcoming</h3>
      {upcoming.length ? <ul className="appts">{upcoming.map(row)}</ul> : <p className="muted">None.</p>}
      <h3>Past</h3>
      {past.length ? <ul className="appts">{past.map(row)}</ul> : <p className="muted">None.</p>}
      {list.data.next_cursor && <p className="muted">Showing the first 200 appointments.</p>}
    </>
  );
}

function Journeys({ patientId, me }: { patientId: string; me: Me }) {
  const list = useQuery({
    queryKey: ['journeys', { patient_id: patientId }],
    queryFn: () => api.journeys({ patient_id: patientId, limit: 50 }),
  });
  if (list.isPending) return <Skeleton rows={3} label="Loading journeys" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  if (list.data.data.length === 0) return <EmptyState title="No care journeys." />;
  return (
    <div className="journeys">
      {list.data.data.map((j) => (
        <JourneyTimeline
          key={j.id}
          journey={j}
          timeZone={me.organization.time_zone}
          locale={me.organization.locale}
        />
      ))}
    </div>
  );
}

export default function PatientPage() {
  const { id = '' } = useParams();
  const me = useMe().data as Me;
  const patient = useQuery({ queryKey: ['patient', id], queryFn: () => api.patient(id) });

  if (patient.isPending)
    return (
      <main className="page">
        <Skeleton rows={6} label="Loading patient" />
      </main>
    );
  if (patient.isError) {
    const missing = patient.error instanceof ApiError && [400, 404].includes(patient.error.status);
    return (
      <main className="page">
        <h1>Patient</h1>
        {missing ? (
          <EmptyState title="This patient does not exist.">
            <Link to="/patients">Search patients</Link>
          </EmptyState>
        ) : (
          <ErrorState error={patient.error} onRetry={() => patient.refetch()} />
        )}
      </main>
    );
  }
  const p = patient.data;
  return (
    <main className="page">
      <p className="breadcrumb">
        <Link to="/patients">Patients</Link>
      </p>
      <div className="page-head">
        <h1>{p.full_name}</h1>
        <Link className="button button-primary" to={`/appointments/new?patient=${p.id}`}>
          Book appointment
        </Link>
      </div>
      <Details patient={p} />
      <section aria-labelledby="appts-title">
        <h2 id="appts-title">Appointments</h2>
        <Appointments patientId={p.id} me={me} />
      </section>
      <section aria-labelledby="journeys-title">
        <h2 id="journeys-title">Care journeys</h2>
        <Journeys patientId={p.id} me={me} />
      </section>
      <section aria-labelledby="conv-title">
        <h2 id="conv-title">Conversations</h2>
        <PatientConversations patientId={p.id} me={me} />
      </section>
      <section aria-labelledby="calls-title">
        <h2 id="calls-title">Calls</h2>
        <PatientCalls patientId={p.id} me={me} />
      </section>
    </main>
  );
}

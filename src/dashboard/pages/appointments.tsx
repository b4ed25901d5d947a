import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type Appointment, api, type Me } from '../api/endpoints.js';
import { AppointmentRow } from '../components/appointment-row.js';
import { PractitionerSelect } from '../components/practitioner-select.js';
import { EmptyState, ErrorState, Skeleton } from '../components/states.js';
import { useAddressParams } from '../components/use-address-params.js';
import { useMe } from '../session.js';
import { addDays, dayKey, formatDay, startOfDay, startOfWeek, today } from '../time.js';

/** A day or a week can hold more than one page: fetch them all, up to a bound that a list can still show. */
const MAX_PAGES = 10;
async function fetchRange(query: { from: string; to: string; practitioner_id?: string }) {
  const rows: Appointment[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await api.appointments({ ...query, cursor, limit: 200 });
    rows.push(...page.data);
    cursor = page.next_cursor ?? undefined;
    if (!cursor) return { rows, truncated: false };
  }
  return { rows, truncated: true };
}

function groupBy<T>(items: T[], key: (t: T) => string) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups];
}

export default function AppointmentsPage() {
  const me = useMe().data as Me;
  const { time_zone: tz, locale } = me.organization;
  const [params, set] = useAddressParams();
  const view = params.get('view') === 'week' ? 'week' : 'day';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '')
    ? (params.get('date') as string)
    : today(tz);
  const practitionerId = params.get('practitioner') ?? '';
  const first = view === 'week' ? startOfWeek(day) : day;
  const last = view === 'week' ? addDays(first, 6) : first;

  const range = {
    from: startOfDay(first, tz).toISOString(),
    // `to` is inclusive on the server: one millisecond before the next day starts.
    to: new Date(startOfDay(addDays(last, 1), tz).getTime() - 1).toISOString(),
    practitioner_id: practitionerId || undefined,
  };
  const list = useQuery({ queryKey: ['appointments', range], queryFn: () => fetchRange(range) });
  const step = view === 'week' ? 7 : 1;

  return (
    <main className="page">
      <div className="page-head">
        <h1>Appointments</h1>
        <Link className="button button-primary" to="/appointments/new">
          New appointment
        </Link>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Which appointments">
        <fieldset className="segmented">
          <legend className="visually-hidden">View</legend>
          {(['day', 'week'] as const).map((v) => (
            <label key={v} className={view === v ? 'segment segment-on' : 'segment'}>
              <input
                type="radio"
                name="view"
                value={v}
                checked={view === v}
                onChange={() => set({ view: v })}
              />
              {v === 'day' ? 'Day' : 'Week'}
            </label>
          ))}
        </fieldset>
        <div className="date-step">
          <button
            type="button"
            className="button"
            onClick={() => set({ date: addDays(day, -step) })}
            aria-label={view === 'week' ? 'Previous week' : 'Previous day'}
          >
            ‹
          </button>
          <label className="field">
            <span>Date</span>
            <input
              type="date"
              value={day}
              required
              onChange={(e) => e.target.value && set({ date: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="button"
            onClick={() => set({ date: addDays(day, step) })}
            aria-label={view === 'week' ? 'Next week' : 'Next day'}
          >
            ›
          </button>
          <button type="button" className="button button-quiet" onClick={() => set({ date: '' })}>
            Today
          </button>
        </div>
        <PractitionerSelect
          value={practitionerId}
          onChange={(id) => set({ practitioner: id })}
          allLabel="All practitioners"
        />
      </div>
      <p className="muted" aria-live="polite">
        {view === 'week'
          ? `${formatDay(first, locale)} – ${formatDay(last, locale)}`
          : formatDay(day, locale)}
        {list.data && ` · ${list.data.rows.length} appointments`}
      </p>
      {list.isPending ? (
        <Skeleton rows={6} label="Loading appointments" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <div data-testid="appointment-list" data-from={first} data-to={last}>
          {list.data.rows.length === 0 && (
            <EmptyState
              title={view === 'week' ? 'No appointments this week.' : 'No appointments on this day.'}
            >
              <Link to="/appointments/new">Book one</Link>
            </EmptyState>
          )}
          {groupBy(list.data.rows, (a) => a.practitioner_name).map(([practitioner, rows]) => (
            <section key={practitioner} className="practitioner-block" aria-label={practitioner}>
              <h2>{practitioner}</h2>
              {groupBy(rows, (a) => dayKey(a.starts_at, tz)).map(([d, dayRows]) => (
                <div key={d}>
                  {view === 'week' && <h3>{formatDay(d, locale)}</h3>}
                  <ul className="appts">
                    {dayRows.map((a) => (
                      <AppointmentRow
                        key={a.id}
                        appointment={a}
                        timeZone={tz}
                        locale={locale}
                        show="patient"
                      />
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ))}
        </div>
      )}
      {list.data?.truncated && (
        <p className="muted">More appointments than fit here: pick one practitioner.</p>
      )}
    </main>
  );
}

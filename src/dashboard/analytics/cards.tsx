import type { Unit } from '../../server/modules/analytics/analytics.names.js';
import type { Dashboard, MetricValue } from '../api/endpoints.js';
import { formatValue } from './format.js';

type Card = {
  section: keyof Omit<Dashboard, 'period'>;
  name: string;
  label: string;
  unit: Unit;
  lowerIsBetter?: boolean;
};

export const CARDS: Card[] = [
  { section: 'appointments', name: 'appointments_total', label: 'Appointments', unit: 'count' },
  { section: 'appointments', name: 'appointment_completion_rate', label: 'Completion rate', unit: 'ratio' },
  {
    section: 'appointments',
    name: 'appointment_no_show_rate',
    label: 'No-show rate',
    unit: 'ratio',
    lowerIsBetter: true,
  },
  { section: 'journeys', name: 'journeys_active', label: 'Active journeys', unit: 'count' },
  { section: 'communication', name: 'messages_inbound', label: 'Messages received', unit: 'count' },
  { section: 'communication', name: 'messages_outbound', label: 'Messages sent', unit: 'count' },
  {
    section: 'communication',
    name: 'response_time_avg',
    label: 'Avg response time',
    unit: 'seconds',
    lowerIsBetter: true,
  },
  { section: 'voice_calls', name: 'calls_total', label: 'Calls', unit: 'count' },
  { section: 'voice_calls', name: 'call_booking_conversion', label: 'Calls that booked', unit: 'ratio' },
];

function Trend({ m, lowerIsBetter }: { m: MetricValue; lowerIsBetter?: boolean }) {
  if (m.change_pct === null) return <span className="trend trend-none">no previous figure</span>;
  const up = m.change_pct > 0;
  const good = m.change_pct === 0 ? 'flat' : up !== Boolean(lowerIsBetter) ? 'good' : 'bad';
  return (
    <span className={`trend trend-${good}`}>
      <span aria-hidden="true">{m.change_pct === 0 ? '→' : up ? '▲' : '▼'}</span>{' '}
      {`${up ? '+' : ''}${m.change_pct}% vs previous period`}
    </span>
  );
}

export function MetricCards({ data, locale }: { data: Dashboard; locale: string }) {
  return (
    <ul className="metric-cards" aria-label="Key figures">
      {CARDS.map((c) => {
        const m = data[c.section].metrics[c.name];
        if (!m) return null;
        return (
          <li
            key={c.name}
            className="metric-card"
            data-testid={`metric-${c.name}`}
            data-value={m.value ?? ''}
          >
            <span className="metric-label">{c.label}</span>
            <span className="metric-value">{formatValue(m.value, c.unit, locale)}</span>
            <Trend m={m} lowerIsBetter={c.lowerIsBetter} />
          </li>
        );
      })}
    </ul>
  );
}

import type { Dashboard } from '../api/endpoints.js';
import { PieChart } from '../charts/pie.js';
import { BarChart, type SeriesData, TrendChart } from '../charts/series.js';

const seriesOf = (
  section: Dashboard[keyof Omit<Dashboard, 'period'>],
  metrics: [string, string][],
): SeriesData => ({
  buckets: section.series.map((b) => b.start_date),
  series: metrics.map(([name, label]) => ({
    name: label,
    values: section.series.map((b) => b.values[name] ?? 0),
  })),
});

const value = (section: Dashboard[keyof Omit<Dashboard, 'period'>], name: string) =>
  section.metrics[name]?.value ?? 0;

const STATUSES: [string, string][] = [
  ['appointments_booked', 'Booked'],
  ['appointments_confirmed', 'Confirmed'],
  ['appointments_checked_in', 'Checked in'],
  ['appointments_completed', 'Completed'],
  ['appointments_cancelled', 'Cancelled'],
  ['appointments_no_show', 'No-show'],
];

/** The page's five charts, each drawn from the same dashboard answer as the cards. */
export function AnalyticsCharts({ data }: { data: Dashboard }) {
  return (
    <div className="charts">
      <TrendChart
        id="appointment-trends"
        title="Appointment trends"
        filled
        data={seriesOf(data.appointments, [['appointments_total', 'Appointments']])}
      />
      <PieChart
        id="journey-status"
        title="Journey status distribution"
        slices={[
          { label: 'Active', value: value(data.journeys, 'journeys_active') },
          { label: 'Completed', value: value(data.journeys, 'journeys_completed') },
          { label: 'Cancelled', value: value(data.journeys, 'journeys_cancelled') },
        ]}
      />
      <TrendChart
        id="communication-volume"
        title="Communication volume"
        data={seriesOf(data.communication, [
          ['messages_inbound', 'Received'],
          ['messages_outbound', 'Sent'],
        ])}
      />
      <BarChart
        id="call-performance"
        title="Voice call performance"
        data={seriesOf(data.voice_calls, [
          ['calls_answered', 'Answered'],
          ['calls_missed', 'Missed'],
        ])}
      />
      <BarChart
        id="appointment-status"
        title="Appointment status breakdown"
        data={{
          buckets: STATUSES.map(([, label]) => label),
          series: [
            { name: 'Appointments', values: STATUSES.map(([name]) => value(data.appointments, name)) },
          ],
        }}
      />
    </div>
  );
}

import '../analytics/analytics.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { TIME_PERIODS } from '../../server/platform/time/periods.js';
import { MetricCards } from '../analytics/cards.js';
import { AnalyticsCharts } from '../analytics/charts.js';
import { DirectorySelect } from '../analytics/directory-select.js';
import { ExportButtons } from '../analytics/export-buttons.js';
import { useLiveMetrics } from '../analytics/live.js';
import { type AnalyticsQuery, api, type Me } from '../api/endpoints.js';
import { PractitionerSelect } from '../components/practitioner-select.js';
import { EmptyState, ErrorState, Skeleton } from '../components/states.js';
import { useAddressParams } from '../components/use-address-params.js';
import { useMe } from '../session.js';

type Period = (typeof TIME_PERIODS)[number];
const PERIOD_LABELS: Record<Period, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  last_90_days: 'Last 90 days',
  this_week: 'This week',
  last_week: 'Last week',
  this_month: 'This month',
  last_month: 'Last month',
  this_quarter: 'This quarter',
  this_year: 'This year',
  custom: 'Custom range',
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

/** Buckets a chart can still show side by side: days up to two months, then weeks, then months. */
function aggregationFor(period: Period, start?: string, end?: string): AnalyticsQuery['aggregation'] {
  if (period === 'this_year') return 'monthly';
  if (period === 'last_90_days' || period === 'this_quarter') return 'weekly';
  if (period === 'custom' && start && end) {
    const days = daysBetween(start, end);
    return days > 370 ? 'monthly' : days > 62 ? 'weekly' : 'daily';
  }
  return 'daily';
}

export default function AnalyticsPage() {
  const me = useMe().data as Me;
  const [params, set] = useAddressParams();
  const period = (TIME_PERIODS as readonly string[]).includes(params.get('period') ?? '')
    ? (params.get('period') as Period)
    : 'last_30_days';
  const start = params.get('from') ?? '';
  const end = params.get('to') ?? '';
  const customReady = period !== 'custom' || (DAY.test(start) && DAY.test(end) && start <= end);

  const dates = period === 'custom' ? { start_date: start, end_date: end } : {};
  const filters = {
    practitioner_id: params.get('practitioner') || undefined,
    department_id: params.get('department') || undefined,
    location_id: params.get('location') || undefined,
  };
  const scope = { time_period: period, ...dates, ...filters };
  const query: AnalyticsQuery = { ...scope, aggregation: aggregationFor(period, start, end) };
  // The export asks the reports API for this very query, so the file holds the numbers on the screen.
  const exportRequest = {
    report_type: 'dashboard' as const,
    time_period: period,
    ...dates,
    aggregation: query.aggregation,
    filters,
    title: `Analytics ${period === 'custom' ? `${start} to ${end}` : PERIOD_LABELS[period]}`,
  };
  const queryKey = ['analytics', query];
  const dashboard = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.dashboard(query, signal),
    enabled: customReady,
    placeholderData: keepPreviousData,
  });
  const liveParams = new URLSearchParams(
    Object.entries(scope).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const live = useLiveMetrics(liveParams, queryKey, customReady);

  const p = dashboard.data?.period;
  return (
    <main className="page">
      <div className="page-head">
        <h1>Analytics</h1>
        <span className={`live live-${live}`} data-testid="live" data-state={live} role="status">
          <span className="live-dot" aria-hidden="true" />
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Offline'}
        </span>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Period and filters">
        <label className="field">
          <span>Period</span>
          <select value={period} onChange={(e) => set({ period: e.target.value })}>
            {TIME_PERIODS.map((t) => (
              <option key={t} value={t}>
                {PERIOD_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        {period === 'custom' && (
          <>
            <label className="field">
              <span>From</span>
              <input
                type="date"
                value={start}
                max={end || undefined}
                onChange={(e) => set({ from: e.target.value })}
              />
            </label>
            <label className="field">
              <span>To</span>
              <input
                type="date"
                value={end}
                min={start || undefined}
                onChange={(e) => set({ to: e.target.value })}
              />
            </label>
          </>
        )}
        <PractitionerSelect
          value={params.get('practitioner') ?? ''}
          onChange={(id) => set({ practitioner: id })}
          allLabel="All practitioners"
        />
        <DirectorySelect
          kind="departments"
          label="Department"
          value={params.get('department') ?? ''}
          onChange={(id) => set({ department: id })}
        />
        <DirectorySelect
          kind="locations"
          label="Location"
          value={params.get('location') ?? ''}
          onChange={(id) => set({ location: id })}
        />
      </div>
      <ExportButtons request={exportRequest} disabled={!customReady} />
      <p className="muted" aria-live="polite" data-testid="period-range">
        {!customReady
          ? 'Choose the first and last day of the range.'
          : p
            ? `${p.start_date} – ${p.end_date} (${p.time_zone}), compared with ${p.previous.start_date} – ${p.previous.end_date}`
            : ''}
      </p>
      {!customReady ? null : dashboard.isPending ? (
        <Skeleton rows={8} label="Loading analytics" />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => dashboard.refetch()} />
      ) : (
        <div aria-busy={dashboard.isFetching} data-testid="analytics" data-period={p?.time_period}>
          {dashboard.data.appointments.metrics.appointments_total?.value === 0 &&
            dashboard.data.communication.metrics.messages_inbound?.value === 0 &&
            dashboard.data.voice_calls.metrics.calls_total?.value === 0 && (
              <EmptyState title="Nothing happened in this period.">
                <p>No appointments, messages or calls: pick a longer period or clear the filters.</p>
              </EmptyState>
            )}
          <MetricCards data={dashboard.data} locale={me.organization.locale} />
          <AnalyticsCharts data={dashboard.data} />
        </div>
      )}
    </main>
  );
}

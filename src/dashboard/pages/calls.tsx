import '../calls/calls.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Me } from '../api/endpoints.js';
import { CallRow } from '../calls/call-row.js';
import { OUTCOMES } from '../calls/labels.js';
import { EmptyState, ErrorState, Skeleton } from '../components/states.js';
import { useAddressParams } from '../components/use-address-params.js';
import { useMe } from '../session.js';
import { addDays, startOfDay } from '../time.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export default function CallsPage() {
  const me = useMe().data as Me;
  const { time_zone: tz, locale } = me.organization;
  const [params, setAddress] = useAddressParams();
  const set = (k: string, v: string) => setAddress({ [k]: v });
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const query = {
    limit: 50,
    direction: (params.get('direction') || undefined) as 'inbound' | 'outbound' | undefined,
    outcome: (params.get('outcome') || undefined) as keyof typeof OUTCOMES | undefined,
    from: DAY.test(from) ? startOfDay(from, tz).toISOString() : undefined,
    // The API's `to` is exclusive: up to the start of the day after the last one.
    to: DAY.test(to) ? startOfDay(addDays(to, 1), tz).toISOString() : undefined,
    cursor: params.get('cursor') || undefined,
  };
  const list = useQuery({
    queryKey: ['calls', query],
    queryFn: () => api.calls(query),
    placeholderData: keepPreviousData,
  });
  return (
    <main className="page">
      <h1>Calls</h1>
      <div className="toolbar" role="toolbar" aria-label="Which calls">
        <label className="field">
          <span>Direction</span>
          <select value={params.get('direction') ?? ''} onChange={(e) => set('direction', e.target.value)}>
            <option value="">Both</option>
            <option value="inbound">Inbound</option>
            <option value="outbound">Outbound</option>
          </select>
        </label>
        <label className="field">
          <span>Outcome</span>
          <select value={params.get('outcome') ?? ''} onChange={(e) => set('outcome', e.target.value)}>
            <option value="">Any</option>
            {Object.entries(OUTCOMES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>From</span>
          <input type="date" value={from} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={to} onChange={(e) => set('to', e.target.value)} />
        </label>
      </div>
      {list.isPending ? (
        <Skeleton rows={6} label="Loading calls" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <EmptyState title="No calls match." />
      ) : (
        <>
          <ul className="calls" data-testid="call-list" aria-busy={list.isFetching}>
            {list.data.data.map((c) => (
              <CallRow key={c.id} c={c} timeZone={tz} locale={locale} />
            ))}
          </ul>
          {list.data.next_cursor && (
            <button
              type="button"
              className="button"
              onClick={() => set('cursor', list.data.next_cursor ?? '')}
            >
              Older calls
            </button>
          )}
        </>
      )}
    </main>
  );
}

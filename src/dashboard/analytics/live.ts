import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Dashboard, MetricValue } from '../api/endpoints.js';

export type LiveState = 'connecting' | 'live' | 'offline';

const SECTIONS = ['appointments', 'journeys', 'communication', 'voice_calls'] as const;

/** The changed metrics of a `metrics` event written into the cached dashboard answer, in whichever section holds them. */
export function applyMetrics(d: Dashboard, metrics: Record<string, MetricValue>): Dashboard {
  const next = { ...d };
  for (const s of SECTIONS) {
    const own = Object.entries(metrics).filter(([k]) => k in d[s].metrics);
    if (own.length) next[s] = { ...d[s], metrics: { ...d[s].metrics, ...Object.fromEntries(own) } };
  }
  return next;
}

/**
 * The analytics SSE stream for the page's period and filters: cards tick from each event at once, charts
 * refetch behind them. EventSource reconnects by itself (sending Last-Event-ID), so "offline" lasts only
 * until the server answers again.
 */
export function useLiveMetrics(params: URLSearchParams, queryKey: unknown[], enabled: boolean): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const qs = params.toString();
  const key = JSON.stringify(queryKey);
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(`/api/v1/analytics/realtime?${qs}`);
    const queryKey = JSON.parse(key) as unknown[];
    setState('connecting');
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.addEventListener('metrics', (e) => {
      setState('live');
      const data = JSON.parse((e as MessageEvent<string>).data) as {
        metrics: Record<string, MetricValue>;
        snapshot: boolean;
      };
      client.setQueryData<Dashboard>(queryKey, (d) => (d ? applyMetrics(d, data.metrics) : d));
      if (!data.snapshot) client.invalidateQueries({ queryKey, refetchType: 'active' });
    });
    return () => source.close();
  }, [qs, key, client, enabled]);
  return state;
}

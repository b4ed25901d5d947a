import { BarChart, type SeriesData, TrendChart } from '../charts/series.js';
import type { NlResult } from './answer.js';

/** Ratios are drawn as percentages, so the axis reads 12.5 rather than 0.125. */
const drawn = (unit: string, v: number | null | undefined) =>
  v === null || v === undefined ? 0 : unit === 'ratio' ? Math.round(v * 1000) / 10 : v;

/**
 * What to draw for an answer: its series over time, its breakdown rows, or else the figure against the
 * period it is compared with. Every metric of the answer that shares the first one's unit is a series.
 */
export function chartOf(nl: NlResult): { trend: boolean; title: string; data: SeriesData } | null {
  const f = nl.figures;
  const it = nl.interpretation;
  const first = f?.metrics[it.metrics[0] ?? ''];
  if (!f || !first) return null;
  const names = it.metrics.filter((n) => f.metrics[n]?.unit === first.unit);
  const label = (n: string) => {
    const l = f.metrics[n]?.label ?? n;
    return first.unit === 'ratio' ? `${l} (%)` : l;
  };
  const title = names.map(label).join(', ');
  if (f.series?.length)
    return {
      trend: f.series.length > 2,
      title: `${title} per ${it.group_by}`,
      data: {
        buckets: f.series.map((p) => p.start_date),
        series: names.map((n) => ({
          name: label(n),
          values: f.series?.map((p) => drawn(first.unit, p.values[n])) ?? [],
        })),
      },
    };
  if (f.groups?.length)
    return {
      trend: false,
      title: `${title} by ${it.group_by?.replace(/_id$/, '')}`,
      data: {
        buckets: f.groups.map((g) => g.label ?? (g.key || 'unknown')),
        series: names.map((n) => ({
          name: label(n),
          values: f.groups?.map((g) => drawn(first.unit, g.values[n])) ?? [],
        })),
      },
    };
  const now = it.period.label || 'This period';
  const then = it.compare ? it.compare.label || 'Compared period' : 'The period before';
  return {
    trend: false,
    title: `${title}: ${now} and ${then.toLowerCase()}`,
    data: {
      buckets: [now, then === now ? `${then} (compared)` : then],
      series: names.map((n) => ({
        name: label(n),
        values: [
          drawn(first.unit, f.metrics[n]?.value),
          drawn(first.unit, it.compare ? f.compare?.[n] : f.metrics[n]?.previous),
        ],
      })),
    },
  };
}

export function AnswerChart({ nl }: { nl: NlResult }) {
  const chart = chartOf(nl);
  if (!chart) return null;
  return chart.trend ? (
    <TrendChart id="assistant-answer" title={chart.title} data={chart.data} />
  ) : (
    <BarChart id="assistant-answer" title={chart.title} data={chart.data} />
  );
}

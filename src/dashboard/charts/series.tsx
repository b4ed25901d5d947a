import { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
import { area, line } from 'd3-shape';
import { Axes, ChartFrame, HEIGHT, MARGIN, WIDTH } from './frame.js';

/** One value per bucket per named series; buckets are labelled by their first day (YYYY-MM-DD). */
export type SeriesData = { buckets: string[]; series: { name: string; values: number[] }[] };
type Props = { id: string; title: string; data: SeriesData };

const yScale = (data: SeriesData) => {
  const max = Math.max(1, ...data.series.flatMap((s) => s.values));
  return scaleLinear()
    .domain([0, max])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
};

const table = (data: SeriesData) => ({
  columns: ['Period starting', ...data.series.map((s) => s.name)],
  rows: data.buckets.map((b, i) => [b, ...data.series.map((s) => s.values[i] ?? 0)]),
});

const summaryOf = (data: SeriesData) =>
  data.series
    .map((s) => `${s.name}: ${s.values.reduce((a, b) => a + b, 0)} in total`)
    .concat(`${data.buckets.length} periods from ${data.buckets[0] ?? '–'}`)
    .join('; ');

const frameOf = (id: string, title: string, data: SeriesData) => ({
  id,
  title,
  summary: summaryOf(data),
  table: table(data),
  empty: data.series.every((s) => s.values.every((v) => v === 0)),
  legend: data.series.length > 1 ? data.series.map((s) => s.name) : undefined,
});

/** Lines (or, with `filled`, areas) over time. */
export function TrendChart({ id, title, data, filled }: Props & { filled?: boolean }) {
  const x = scalePoint<string>()
    .domain(data.buckets)
    .range([MARGIN.left + 8, WIDTH - MARGIN.right - 8]);
  const y = yScale(data);
  const px = (i: number) => x(data.buckets[i] as string) ?? 0;
  const path = line<number>()
    .x((_, i) => px(i))
    .y((v) => y(v));
  const fill = area<number>()
    .x((_, i) => px(i))
    .y0(y(0))
    .y1((v) => y(v));
  return (
    <ChartFrame {...frameOf(id, title, data)}>
      <Axes ticks={y.ticks(4)} y={y} labels={data.buckets} x={(l) => x(l) ?? 0} />
      {data.series.map((s, i) => (
        <g key={s.name} className={`series-${i}`}>
          {filled && <path className="area" d={fill(s.values) ?? ''} />}
          <path className="line" d={path(s.values) ?? ''} />
        </g>
      ))}
    </ChartFrame>
  );
}

/** Grouped bars: per bucket (or category) one bar per series. */
export function BarChart({ id, title, data }: Props) {
  const x = scaleBand<string>()
    .domain(data.buckets)
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.2);
  const inner = scaleBand<number>()
    .domain(data.series.map((_, i) => i))
    .range([0, x.bandwidth()])
    .padding(0.05);
  const y = yScale(data);
  return (
    <ChartFrame {...frameOf(id, title, data)}>
      <Axes ticks={y.ticks(4)} y={y} labels={data.buckets} x={(l) => (x(l) ?? 0) + x.bandwidth() / 2} />
      {data.series.map((s, i) => (
        <g key={s.name} className={`series-${i}`}>
          {s.values.map((v, j) => (
            <rect
              key={data.buckets[j]}
              className="bar"
              x={(x(data.buckets[j] as string) ?? 0) + (inner(i) ?? 0)}
              width={inner.bandwidth()}
              y={y(v)}
              height={y(0) - y(v)}
            />
          ))}
        </g>
      ))}
    </ChartFrame>
  );
}

import { arc, pie } from 'd3-shape';
import { ChartFrame, HEIGHT, WIDTH } from './frame.js';

export type Slice = { label: string; value: number };

/** Shares of a whole, as a ring with a legend. */
export function PieChart({ id, title, slices }: { id: string; title: string; slices: Slice[] }) {
  const total = slices.reduce((a, s) => a + s.value, 0);
  const radius = HEIGHT / 2 - 10;
  const arcs = pie<Slice>()
    .value((s) => s.value)
    .sort(null)(slices);
  const path = arc<(typeof arcs)[number]>()
    .innerRadius(radius * 0.55)
    .outerRadius(radius);
  const pct = (v: number) => (total ? `${Math.round((v / total) * 100)}%` : '0%');
  return (
    <ChartFrame
      id={id}
      title={title}
      summary={slices.map((s) => `${s.label}: ${s.value} (${pct(s.value)})`).join('; ')}
      table={{
        columns: ['Status', 'Count', 'Share'],
        rows: slices.map((s) => [s.label, s.value, pct(s.value)]),
      }}
      empty={total === 0}
      legend={slices.map((s) => `${s.label} ${s.value} (${pct(s.value)})`)}
    >
      <g transform={`translate(${WIDTH / 2},${HEIGHT / 2})`}>
        {arcs.map((a, i) => (
          <path key={a.data.label} className={`slice series-${i}`} d={path(a) ?? ''} />
        ))}
        <text className="pie-total" textAnchor="middle" dy="0.32em">
          {total}
        </text>
      </g>
    </ChartFrame>
  );
}

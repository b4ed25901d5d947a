import './charts.css';
import { type ReactNode, useId } from 'react';

export const WIDTH = 640;
export const HEIGHT = 260;
export const MARGIN = { top: 12, right: 12, bottom: 28, left: 44 };

export type Table = { columns: string[]; rows: (string | number)[][] };

/**
 * A chart's frame: heading, the SVG (named by its title, described by a one-line summary) and the same
 * numbers as a table for screen readers and anyone who wants exact figures (decision 0801).
 */
export function ChartFrame(props: {
  id: string;
  title: string;
  summary: string;
  table: Table;
  empty: boolean;
  legend?: string[];
  children: ReactNode;
}) {
  const uid = useId();
  return (
    <figure className="chart" data-chart={props.id} aria-labelledby={`${uid}-h`}>
      <figcaption>
        <h2 id={`${uid}-h`}>{props.title}</h2>
      </figcaption>
      {props.empty ? (
        <p className="chart-empty">No data for this period.</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
            role="img"
            aria-labelledby={`${uid}-t ${uid}-d`}
            preserveAspectRatio="xMidYMid meet"
          >
            <title id={`${uid}-t`}>{props.title}</title>
            <desc id={`${uid}-d`}>{props.summary}</desc>
            {props.children}
          </svg>
          {props.legend && (
            <ul className="legend">
              {props.legend.map((name, i) => (
                <li key={name}>
                  <span className={`swatch series-${i}`} aria-hidden="true" />
                  {name}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <details className="chart-table">
        <summary>Data table</summary>
        <table>
          <thead>
            <tr>
              {props.table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.table.rows.map((r) => (
              <tr key={String(r[0])}>
                {r.map((v, i) =>
                  i === 0 ? <th key="k">{v}</th> : <td key={`${props.table.columns[i]}`}>{v}</td>,
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The y axis's ticks and grid lines, and every n-th x label so they never overlap. */
export function Axes({
  ticks,
  y,
  labels,
  x,
}: {
  ticks: number[];
  y: (v: number) => number;
  labels: string[];
  x: (label: string) => number;
}) {
  const every = Math.max(1, Math.ceil(labels.length / 8));
  return (
    <g className="axes">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(t)} y2={y(t)} className="grid" />
          <text x={MARGIN.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text key={l} x={x(l)} y={HEIGHT - 8} textAnchor="middle">
            {/^\d{4}-\d{2}-\d{2}$/.test(l) ? l.slice(5) : l}
          </text>
        ) : null,
      )}
    </g>
  );
}

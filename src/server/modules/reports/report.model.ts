/*
 * The format-independent shape of a report. The analytics answer and the row exports are turned into
 * this once; the CSV, XLSX and PDF writers only lay it out, so no writer can compute a figure of its own.
 */

export type CellType = 'text' | 'integer' | 'number' | 'percent' | 'date' | 'datetime' | 'seconds';
export type Cell = string | number | Date | null;

export type Column = { key: string; header: string; type: CellType; width?: number };

export type Row = Record<string, Cell>;

/** A table's rows may be a stream from the database: writers consume them once, in order. */
export type Table = {
  name: string;
  columns: Column[];
  rows: Iterable<Row> | AsyncIterable<Row>;
  /** Per-row override of a column's type (a summary row that holds a percentage among counts). */
  cellType?: (row: Row, column: Column) => CellType;
};

export type Metric = {
  key: string;
  label: string;
  type: 'integer' | 'number' | 'percent' | 'seconds';
  value: number | null;
  /** The same metric over the previous period of equal length, for the trend. */
  previous: number | null;
};

export type Chart = {
  kind: 'line' | 'bar' | 'pie';
  title: string;
  labels: string[];
  series: { name: string; values: number[] }[];
};

export type Section = { title: string; metrics?: Metric[]; charts?: Chart[]; tables?: Table[] };

export type ReportDocument = {
  organization: string;
  title: string;
  /** Human label of the period, e.g. "Last 30 days (2026-11-01 – 2026-11-30)". */
  period: string;
  generatedAt: Date;
  timeZone: string;
  sections: Section[];
};

/** Relative change against the previous period; null when there is nothing to compare against. */
export function trend(m: Pick<Metric, 'value' | 'previous'>): number | null {
  if (m.value === null || m.previous === null || m.previous === 0) return null;
  return (m.value - m.previous) / Math.abs(m.previous);
}

/**
 * Rows one by one, giving the event loop a turn every few hundred: a long export must not starve the
 * requests the same process is serving (and awaiting only promises never lets timers or I/O run).
 */
export async function* iterate<T>(rows: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  let n = 0;
  for await (const row of rows) {
    if (++n % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
    yield row;
  }
}

import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api/client.js';
import { describeError } from '../components/states.js';
import { type ExportProgress, type ExportRequest, exportReport } from './export.js';

type Format = ExportRequest['format'];
const LABEL: Record<Format, string> = { csv: 'CSV', pdf: 'PDF', xlsx: 'Excel' };
const FORMATS = Object.keys(LABEL) as Format[];

const size = (bytes: number) =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;

function progressText(p: ExportProgress | null, label: string) {
  if (p?.phase === 'building') return `Building the ${label} file: ${p.percent}%`;
  if (p?.phase === 'downloading') return `Downloading the ${label} file…`;
  return `Preparing the ${label} file…`;
}

type Props = {
  /** The page's own period, aggregation and filters, so the file holds the numbers on the screen. */
  request: Omit<ExportRequest, 'format' | 'include_rows' | 'csv_bom'>;
  disabled: boolean;
};

/**
 * CSV, PDF and Excel of what the page shows, through the reports API. One export runs at a time; its
 * state (preparing, the server's % for a large one, bytes received) is announced in a live region.
 */
export function ExportButtons({ request, disabled }: Props) {
  const uid = useId();
  const [rows, setRows] = useState(false);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const abort = useRef<AbortController | null>(null);
  // Leaving the page stops polling a background report (the report itself stays in the history).
  useEffect(() => () => abort.current?.abort(), []);
  const run = useMutation({
    mutationFn: (format: Format) => {
      abort.current = new AbortController();
      return exportReport(
        { ...request, format, include_rows: rows && format !== 'pdf', csv_bom: format === 'csv' },
        setProgress,
        abort.current.signal,
      );
    },
    onSettled: () => setProgress(null),
  });
  const label = run.variables ? LABEL[run.variables] : '';
  // A failed background build says why in its own words; HTTP and network errors in the shared ones.
  const reason = (e: Error) =>
    e instanceof ApiError || e instanceof TypeError ? describeError(e) : e.message;
  const percent = progress?.phase === 'building' ? progress.percent : undefined;

  return (
    <section className="export" aria-labelledby={`${uid}-h`} data-testid="export">
      <div className="export-row">
        <h2 id={`${uid}-h`} className="export-title">
          Export
        </h2>
        {FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            className="button button-small"
            aria-label={`Export ${LABEL[format]}`}
            aria-describedby={`${uid}-s`}
            disabled={disabled || run.isPending}
            onClick={() => run.mutate(format)}
          >
            {LABEL[format]}
          </button>
        ))}
        <label className="export-rows">
          <input type="checkbox" checked={rows} onChange={(e) => setRows(e.target.checked)} />
          With every appointment, message and call (CSV, Excel)
        </label>
      </div>
      <p id={`${uid}-s`} className="export-status" role="status" data-testid="export-status">
        {run.isPending
          ? progressText(progress, label)
          : run.isSuccess
            ? `Downloaded ${run.data.name} (${size(run.data.size)}).`
            : ''}
        {progress?.phase === 'downloading' && (
          <span className="muted" aria-hidden="true">
            {' '}
            {size(progress.received)} received
          </span>
        )}
      </p>
      {percent !== undefined && (
        <progress max={100} value={percent} aria-label={`${label} export progress`}>
          {percent}%
        </progress>
      )}
      {run.isError && (
        <div className="error-state" role="alert">
          <p>
            The {label} export failed: {reason(run.error)}
          </p>
          <button type="button" className="button" onClick={() => run.mutate(run.variables as Format)}>
            Try again
          </button>
        </div>
      )}
    </section>
  );
}

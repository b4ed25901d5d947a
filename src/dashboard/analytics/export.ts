import type { z } from 'zod';
import * as reports from '../../server/modules/reports/reports.schemas.js';
import { call, problemOf } from '../api/client.js';

/* Kept out of api/endpoints.ts: the reports schemas load with the analytics page, not with every page. */

export type ExportRequest = z.input<typeof reports.generateRequest>;
type Report = z.output<typeof reports.report>;

export type ExportProgress =
  /** The request is out; a small report is being built and answered at once. */
  | { phase: 'preparing' }
  /** A large report (rows over REPORT_SYNC_MAX_ROWS) is built by a job; the server's progress, 0–100. */
  | { phase: 'building'; percent: number }
  /** A small report's bytes arriving. */
  | { phase: 'downloading'; received: number };

export type ExportedFile = { name: string; size: number };

/** How often a background report's status is asked for. */
const POLL_MS = 750;

/** The file name the server gave (RFC 6266: `filename*` when present, else `filename`). */
export function fileNameOf(disposition: string | null, fallback: string) {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star) return decodeURIComponent(star);
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/** Hands a file to the browser's own download, so it lands where the user keeps downloads. */
function saveAs(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/** A small report's body, read chunk by chunk so the bytes received show while it streams. */
async function saveBody(res: Response, fallback: string, onProgress: (p: ExportProgress) => void) {
  const name = fileNameOf(res.headers.get('content-disposition'), fallback);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  if (!reader) throw new Error('The browser gave no response body');
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress({ phase: 'downloading', received });
  }
  const url = URL.createObjectURL(
    new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' }),
  );
  saveAs(url, name);
  // The browser reads the blob after the click returns; revoked at once, a download can come out empty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: received };
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Polls a background report until it is built; a failed build is an error naming the server's reason. */
async function built(id: string, onProgress: (p: ExportProgress) => void, signal?: AbortSignal) {
  for (;;) {
    await wait(POLL_MS, signal);
    const r: Report = await call(reports.report, 'GET', `/reports/${id}`, { signal });
    if (r.status === 'failed')
      throw new Error(`The report could not be built: ${r.error ?? 'unknown error'}`);
    if (r.status === 'completed' && r.download_url) return r;
    onProgress({ phase: 'building', percent: r.progress });
  }
}

/**
 * One export through the reports API. A small report comes back as the file and is saved from memory; a
 * large one answers 202, its progress is polled, and the finished file is downloaded by the browser
 * itself from `download_url` (streamed to disk, never held in the page's memory).
 */
export async function exportReport(
  body: ExportRequest,
  onProgress: (p: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<ExportedFile> {
  onProgress({ phase: 'preparing' });
  const res = await fetch('/api/v1/reports/generate', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const fallback = `analytics.${body.format}`;
  if (!res.ok) throw await problemOf(res);
  if (res.status !== 202) return saveBody(res, fallback, onProgress);
  const job = reports.accepted.parse(await res.json());
  onProgress({ phase: 'building', percent: job.progress });
  const done = await built(job.id, onProgress, signal);
  const name = done.file_name ?? fallback;
  saveAs(done.download_url as string, name);
  return { name, size: done.file_size ?? 0 };
}

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { percentile } from '../percentile.js';

export type SignedRequest = { body: string; signature: string };
export type LoadResult = { tool: string; seconds: number; p50Ms: number; p99Ms: number; errors: number };

const WRK_THREADS = 2;
export const hasWrk = () => spawnSync('wrk', ['--version']).error === undefined;

/**
 * Send every request once with `concurrency` in flight. wrk (C, like pgbench) when it is installed, so the
 * load generator takes as little of the machine as the baseline's does; else a Node worker thread.
 */
export function sendAll(
  server: Server,
  requests: SignedRequest[],
  concurrency: number,
  tool: 'wrk' | 'node' = hasWrk() ? 'wrk' : 'node',
): Promise<LoadResult> {
  const port = (server.address() as AddressInfo).port;
  return tool === 'wrk' ? withWrk(server, requests, concurrency) : withWorker(port, requests, concurrency);
}

/**
 * wrk runs for a duration, not a count, so the server's side decides: the clock runs from the first
 * request in to the answer to the last distinct webhook out, and then wrk is interrupted (it prints its
 * latency summary on SIGINT).
 */
async function withWrk(server: Server, requests: SignedRequest[], concurrency: number): Promise<LoadResult> {
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prm-wrk-'));
  const file = path.join(dir, 'requests.tsv');
  writeFileSync(file, requests.map((r) => `${r.signature}\t${r.body}`).join('\n'));
  const script = fileURLToPath(new URL('./wrk.lua', import.meta.url));
  const connections = Math.max(concurrency, WRK_THREADS);
  let first: number | undefined;
  let last: number | undefined;
  let answered = 0;
  try {
    const out = await new Promise<string>((resolve, reject) => {
      // A bound, not the run's length: the run ends when the last webhook is answered.
      const bound = `${Math.ceil(60 + requests.length / 100)}s`;
      const args = ['-t', String(WRK_THREADS), '-c', String(connections), '-d', bound, '--timeout', '30s'];
      const url = `http://127.0.0.1:${port}/api/v1/whatsapp/webhook`;
      const child = spawn('wrk', [...args, '-s', script, url, '--', file, String(WRK_THREADS)]);
      const onRequest = (req: IncomingMessage, res: ServerResponse) => {
        if (req.method !== 'POST') return;
        first ??= performance.now();
        res.once('finish', () => {
          if (++answered !== requests.length) return;
          last = performance.now();
          child.kill('SIGINT');
        });
      };
      server.on('request', onRequest);
      child.once('close', () => server.off('request', onRequest));
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`wrk exited ${code}`));
        else if (last === undefined)
          reject(new Error(`wrk ended with ${answered} of ${requests.length} answered`));
        else resolve(stdout);
      });
    });
    const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
    if (!line) throw new Error(`wrk printed no summary: ${out}`);
    const r = JSON.parse(line) as Record<string, number>;
    return {
      tool: 'wrk',
      seconds: ((last ?? Number.NaN) - (first ?? Number.NaN)) / 1000,
      p50Ms: (r.p50_us as number) / 1000,
      p99Ms: (r.p99_us as number) / 1000,
      errors: (r.errors as number) + (r.socket_errors as number),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withWorker(port: number, requests: SignedRequest[], concurrency: number): Promise<LoadResult> {
  const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
    workerData: { port, concurrency, requests },
  });
  try {
    const r = await new Promise<{ seconds: number; latencies: number[]; errors: number }>(
      (resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      },
    );
    return {
      tool: 'node',
      seconds: r.seconds,
      p50Ms: percentile(r.latencies, 50),
      p99Ms: percentile(r.latencies, 99),
      errors: r.errors,
    };
  } finally {
    await worker.terminate();
  }
}

import twilio from 'twilio';
import { type PlannedRequest, type PlanOptions, planTraffic } from './whatsapp-plan.js';

export type SimulateOptions = Omit<PlanOptions, 'seed'> & {
  /** Where the server listens, e.g. http://localhost:3000. */
  url: string;
  /** The URL Twilio would have called (the server's PUBLIC_URL); signatures are computed on it. */
  publicUrl: string;
  authToken: string;
  /** Requests per second; 0 = as fast as `concurrency` allows. */
  rate: number;
  concurrency: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
};

export type SimulateSummary = {
  requests: number;
  inbound: number;
  statusCallbacks: number;
  duplicatesSent: number;
  byStatus: Record<string, number>;
  networkErrors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Ledger keys the server acknowledged with a 2xx: each must end up stored and processed. */
  acknowledged: { kind: PlannedRequest['kind']; key: string }[];
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Send planned, signed Twilio webhooks to a running server and report what it answered. */
export async function simulateWhatsapp(o: SimulateOptions): Promise<SimulateSummary> {
  const plan = planTraffic({ ...o, seed: o.seed ?? 42 });
  const seen = new Set<string>();
  let duplicatesSent = 0;
  for (const r of plan) {
    if (seen.has(r.key)) duplicatesSent++;
    seen.add(r.key);
  }
  const byStatus: Record<string, number> = {};
  const latencies: number[] = [];
  const acknowledged: SimulateSummary['acknowledged'] = [];
  let networkErrors = 0;
  let next = 0;
  let done = 0;
  const started = performance.now();

  async function one(r: PlannedRequest) {
    const path = r.kind === 'message' ? '/api/v1/whatsapp/webhook' : '/api/v1/whatsapp/status';
    const signature = twilio.getExpectedTwilioSignature(o.authToken, `${o.publicUrl}${path}`, r.params);
    const t0 = performance.now();
    try {
      const res = await fetch(`${o.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(r.params).toString(),
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      if (res.ok) acknowledged.push({ kind: r.kind, key: r.key });
    } catch {
      networkErrors++;
    }
    o.onProgress?.(++done, plan.length);
  }

  async function worker() {
    for (;;) {
      const i = next++;
      const r = plan[i];
      if (!r) return;
      if (o.rate > 0) {
        const due = started + (i / o.rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      }
      await one(r);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: plan.length,
    inbound: plan.filter((r) => r.kind === 'message').length,
    statusCallbacks: plan.filter((r) => r.kind === 'status').length,
    duplicatesSent,
    byStatus,
    networkErrors,
    seconds,
    perSecond: plan.length / seconds,
    p50Ms: pct(latencies, 0.5),
    p99Ms: pct(latencies, 0.99),
    acknowledged,
  };
}

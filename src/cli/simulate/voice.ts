import cliProgress from 'cli-progress';
import { signPayload } from '../../server/modules/voice/voice-signature.js';
import { planVoiceCalls, type VoicePlan } from './voice-plan.js';

export type SimulateVoiceOptions = {
  url: string;
  secret: string;
  tenantId?: string | undefined;
  /** A staff or admin key, to find practitioners to book with; without it no call books. */
  apiKey?: string | undefined;
  calls: number;
  seed: number;
  concurrency: number;
  progress: boolean;
};

export type SimulateVoiceResult = {
  plan: VoicePlan;
  sent: number;
  processed: number;
  duplicates: number;
  /** Answers other than 200: a healthy server and a correct secret give none. */
  failed: { status: number; detail: string }[];
};

async function activePractitioners(url: string, apiKey: string): Promise<string[]> {
  const res = await fetch(`${url}/api/v1/practitioners?limit=200`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  if (!res.ok) throw new Error(`Listing practitioners answered ${res.status}: check --api-key`);
  const body = (await res.json()) as { data: { id: string; active: boolean }[] };
  return body.data.filter((p) => p.active).map((p) => p.id);
}

/** Post a plan of signed call events to a running server, calls in parallel, each call's events in order. */
export async function simulateVoice(o: SimulateVoiceOptions): Promise<SimulateVoiceResult> {
  const url = o.url.replace(/\/$/, '');
  const practitioners = o.apiKey ? await activePractitioners(url, o.apiKey) : [];
  const plan = planVoiceCalls({ calls: o.calls, seed: o.seed, practitioners, now: new Date() });
  const total = plan.calls.reduce((n, c) => n + c.length, 0);
  const result: SimulateVoiceResult = { plan, sent: 0, processed: 0, duplicates: 0, failed: [] };
  const bar = o.progress
    ? new cliProgress.SingleBar(
        { format: 'Voice events [{bar}] {percentage}% | {value}/{total} | {failed} failed' },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0, { failed: 0 });
  const send = async (body: Record<string, unknown>) => {
    const raw = JSON.stringify(body);
    // Signed at sending time, like a platform (and its retries) would: the tolerance is five minutes.
    const res = await fetch(`${url}/api/v1/voice/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-prm-signature': signPayload(o.secret, raw),
        ...(o.tenantId ? { 'x-tenant-id': o.tenantId } : {}),
      },
      body: raw,
    });
    const answer = (await res.json().catch(() => ({}))) as { status?: string; detail?: string };
    result.sent++;
    if (res.status !== 200) result.failed.push({ status: res.status, detail: answer.detail ?? '' });
    else if (answer.status === 'duplicate') result.duplicates++;
    else result.processed++;
    bar?.update(result.sent, { failed: result.failed.length });
  };
  const queue = [...plan.calls];
  const worker = async () => {
    for (let call = queue.shift(); call; call = queue.shift()) for (const e of call) await send(e.body);
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  } finally {
    bar?.stop();
  }
  return result;
}

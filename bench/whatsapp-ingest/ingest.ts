import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import twilio from 'twilio';
import { planTraffic } from '../../src/cli/simulate/whatsapp-plan.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { Database } from '../../src/server/platform/db/client.js';
import { createTenant } from '../../test/helpers/app.js';

export type IngestResult = {
  count: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * Signed inbound webhooks through HTTP (the full app: signature check, group-committed ledger insert,
 * background processing running alongside) into the database, at a fixed number of requests in flight.
 */
export async function measureIngest(
  database: Database,
  o: { count: number; concurrency: number; phones: number },
) {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    PUBLIC_URL: 'https://prm.example.org',
  });
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const tenant = await createTenant(database, 'Bench clinic');
  const accountSid = `AC${'b'.repeat(32)}`;
  const authToken = 'c'.repeat(32);
  const sender = '+14155550100';
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/whatsapp/channels',
    headers: { authorization: `Bearer ${tenant.keys.admin}` },
    payload: { name: 'Bench', account_sid: accountSid, auth_token: authToken, sender },
  });
  if (res.statusCode !== 201) throw new Error(`channel: ${res.body}`);
  const url = `${config.publicUrl}/api/v1/whatsapp/webhook`;
  const plan = planTraffic({
    accountSid,
    to: sender,
    count: o.count,
    phones: o.phones,
    duplicates: 0,
    outboundSids: [],
    shuffleStatus: false,
    seed: Date.now() % 100_000,
  });
  const requests = plan.map((r) => ({
    body: new URLSearchParams(r.params).toString(),
    signature: twilio.getExpectedTwilioSignature(authToken, url, r.params),
  }));
  const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
    workerData: { port, concurrency: o.concurrency, requests },
  });
  const { seconds, latencies, errors } = await new Promise<{
    seconds: number;
    latencies: number[];
    errors: number;
  }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  await app.close();
  latencies.sort((a, b) => a - b);
  return {
    count: requests.length,
    seconds,
    perSecond: requests.length / seconds,
    p50Ms: pct(latencies, 0.5),
    p99Ms: pct(latencies, 0.99),
    errors,
  } satisfies IngestResult;
}

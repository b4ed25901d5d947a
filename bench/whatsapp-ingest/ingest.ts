import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import twilio from 'twilio';
import { planTraffic } from '../../src/cli/simulate/whatsapp-plan.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { INBOUND_PROVIDER } from '../../src/server/modules/whatsapp/inbound.service.js';
import type { Database } from '../../src/server/platform/db/client.js';
import { messages, webhookEvents } from '../../src/server/platform/db/schema/index.js';
import { createTenant } from '../../test/helpers/app.js';
import { type Proc, runPrm, waitForOutput } from '../../test/helpers/process.js';
import { measureBareIntake } from './bare-intake.js';
import { sendAll } from './load.js';

/**
 * `single`: one process does everything (`npm start`). `split`: the intake in an API process and the
 * processing in a worker process (`ROLE=api` and `ROLE=worker`, decision 0307), on PostgreSQL only.
 */
export type Shape = 'single' | 'split';

export type IngestResult = {
  count: number;
  shape: Shape;
  /** The load generator: wrk, or a Node worker thread where wrk is not installed. */
  tool: string;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** CPU time of this process (server; with the Node generator, the generator too) per webhook. */
  serverCpuUsPerWebhook: number;
  /** From the first webhook in until every one is processed into a message (acks come first). */
  drainSeconds: number;
  /** The same count through the bare intake (`bare-intake.ts`), measured just before. */
  bare: { perSecond: number; p50Ms: number; p99Ms: number };
};

/**
 * Polls: this is a benchmark's stopwatch, not a test's synchronisation. The count reads every message of
 * the tenant (25 ms at 45k on the 2-core VM), so polling every 20 ms kept a PostgreSQL backend about half
 * busy during the drain it timed; a quarter second is precise enough for a drain of tens of seconds.
 */
async function allProcessed(database: Database, tenantId: string, n: number, ingestSeconds = 0) {
  const started = performance.now();
  for (;;) {
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.tenant_id, tenantId), eq(messages.direction, 'inbound')));
    if ((row?.n ?? 0) >= n) return ingestSeconds + (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Signed inbound webhooks through HTTP (the full app: signature check, group-committed ledger insert,
 * background processing running alongside) into the database, at a fixed number of requests in flight.
 */
export async function measureIngest(
  database: Database & { url: string | null },
  o: {
    count: number;
    concurrency: number;
    phones: number;
    warmup?: number;
    tool?: 'wrk' | 'node';
    shape?: Shape;
  },
) {
  const shape = o.shape ?? 'single';
  const dbUrl = database.url;
  if (shape === 'split' && !dbUrl) throw new Error('the split shape needs PostgreSQL');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'prm-bench-data-'));
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    PUBLIC_URL: 'https://prm.example.org',
    DATA_DIR: dataDir,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    ...(shape === 'split' ? { DATABASE_URL: dbUrl as string } : {}),
  };
  const config = loadConfig({ ...env, ROLE: shape === 'split' ? 'api' : 'all' });
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const worker = shape === 'split' ? await startWorker(env) : null;
  const tenant = await createTenant(database, 'Bench clinic');
  // Its own account per run, so runs can share a database.
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
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
  const signed = (count: number, seed: number) =>
    planTraffic({
      accountSid,
      to: sender,
      count,
      phones: o.phones,
      duplicates: 0,
      outboundSids: [],
      shuffleStatus: false,
      seed,
    }).map((r) => ({
      body: new URLSearchParams(r.params).toString(),
      signature: twilio.getExpectedTwilioSignature(authToken, url, r.params),
    }));
  const seed = Date.now() % 100_000;
  // An untimed first round from the same phones, processed and analyzed: the clinic already has these
  // patients and their conversations, the planner has statistics, the server is warm — a running
  // system, not a database created a second ago whose first queries are planned for empty tables.
  const warmup = o.warmup ?? 0;
  if (warmup > 0) {
    await sendAll(app.server, signed(warmup, seed + 1), o.concurrency, o.tool);
    await allProcessed(database, tenant.id, warmup);
    await database.db.execute(sql`analyze`);
  }
  const bare = await measureBareIntake(database, signed(o.count, seed + 2), {
    concurrency: o.concurrency,
    authToken,
    url,
    ...(o.tool ? { tool: o.tool } : {}),
  });
  const requests = signed(o.count, seed);
  const cpu = process.cpuUsage();
  const load = await sendAll(app.server, requests, o.concurrency, o.tool);
  const used = process.cpuUsage(cpu);
  const [stored] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.tenant_id, tenant.id), eq(webhookEvents.provider, INBOUND_PROVIDER)));
  const drainSeconds = await allProcessed(database, tenant.id, warmup + requests.length, load.seconds);
  await app.close();
  if (worker) await stopWorker(worker);
  rmSync(dataDir, { recursive: true, force: true });
  // A fast run that lost or doubled webhooks would be no result at all.
  if (stored?.n !== warmup + requests.length)
    throw new Error(`${stored?.n} ledger rows for ${warmup + requests.length} webhooks`);
  return {
    count: requests.length,
    shape,
    tool: load.tool,
    seconds: load.seconds,
    perSecond: requests.length / load.seconds,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    errors: load.errors,
    serverCpuUsPerWebhook: (used.user + used.system) / requests.length,
    drainSeconds,
    bare,
  } satisfies IngestResult;
}

/** `prm start` with ROLE=worker, as its own OS process, as a deployment runs it. */
async function startWorker(env: Record<string, string>) {
  const worker = runPrm(['start'], { ...env, ROLE: 'worker', PORT: '0', HOST: '127.0.0.1' });
  await waitForOutput(worker, /PRM worker is running/, 60_000);
  return worker;
}

async function stopWorker(worker: Proc) {
  worker.child.kill('SIGTERM');
  const code = await worker.exited;
  if (code !== 0) throw new Error(`worker exited ${code}: ${worker.stderr()}`);
}

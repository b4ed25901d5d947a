import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import twilio from 'twilio';
import { planTraffic } from '../../src/cli/simulate/whatsapp-plan.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { INBOUND_PROVIDER } from '../../src/server/modules/whatsapp/inbound.service.js';
import type { Database } from '../../src/server/platform/db/client.js';
import { messages, webhookEvents } from '../../src/server/platform/db/schema/index.js';
import { createTenant } from '../../test/helpers/app.js';
import { measureBareIntake } from './bare-intake.js';
import { sendAll } from './load.js';

export type IngestResult = {
  count: number;
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

/** Polls: this is a benchmark's stopwatch, not a test's synchronisation. */
async function allProcessed(database: Database, tenantId: string, n: number, ingestSeconds = 0) {
  const started = performance.now();
  for (;;) {
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.tenant_id, tenantId), eq(messages.direction, 'inbound')));
    if ((row?.n ?? 0) >= n) return ingestSeconds + (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Signed inbound webhooks through HTTP (the full app: signature check, group-committed ledger insert,
 * background processing running alongside) into the database, at a fixed number of requests in flight.
 */
export async function measureIngest(
  database: Database,
  o: { count: number; concurrency: number; phones: number; warmup?: number; tool?: 'wrk' | 'node' },
) {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    PUBLIC_URL: 'https://prm.example.org',
  });
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
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
  // A fast run that lost or doubled webhooks would be no result at all.
  if (stored?.n !== warmup + requests.length)
    throw new Error(`${stored?.n} ledger rows for ${warmup + requests.length} webhooks`);
  return {
    count: requests.length,
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

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { onLedgerStored } from '../src/server/modules/whatsapp/ledger-signal.js';
import { type Database, openDatabase } from '../src/server/platform/db/client.js';
import { messages, patients, webhookEvents } from '../src/server/platform/db/schema/index.js';
import type { Unsubscribe } from '../src/server/platform/events/bus.js';
import { bearer, createTenant, LogCapture, type TestTenant, testConfig } from './helpers/app.js';
import { createTestDatabase } from './helpers/db.js';
import { type FakeTwilio, startFakeTwilio } from './helpers/fake-twilio.js';
import { eventually } from './helpers/poll.js';
import { createChannel, inboundParams, signed, type TestChannel } from './helpers/twilio.js';

type Proc = { app: FastifyInstance; database: Database; logs: LogCapture };

// Roles split the work between processes that share a PostgreSQL server; the embedded database has one.
describe.skipIf(!process.env.TEST_DATABASE_URL)('process roles (ROLE=api and ROLE=worker)', () => {
  let shared: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  const secretsKey = randomBytes(32).toString('base64');
  const procs: Proc[] = [];
  let api: Proc;
  let worker: Proc;
  let twilioOfApi: FakeTwilio;
  let twilioOfWorker: FakeTwilio;
  let tenant: TestTenant;
  let channel: TestChannel;
  const url = 'http://localhost:3000/api/v1/whatsapp/webhook';

  /** One process of a split deployment: its own pool on the shared database, its own Twilio endpoint. */
  async function start(role: 'api' | 'worker', twilio: FakeTwilio): Promise<Proc> {
    const database = await openDatabase({ url: shared.url as string, poolSize: 5 });
    const config = testConfig(dataDir, {
      DATABASE_URL: shared.url as string,
      PUBLIC_URL: 'http://localhost:3000',
      SECRETS_KEY: secretsKey,
      TWILIO_API_BASE_URL: twilio.url,
      ROLE: role,
    });
    const logs = new LogCapture();
    const app = await buildApp({ config, database, logStream: logs });
    await app.ready();
    const proc = { app, database, logs };
    procs.push(proc);
    return proc;
  }

  const post = (params: Record<string, string>) =>
    api.app.inject({
      method: 'POST',
      url: '/api/v1/whatsapp/webhook',
      ...signed(url, channel.authToken, params),
    });
  const ledgerStatus = async (sid: string) =>
    (
      await shared.db
        .select({ status: webhookEvents.status })
        .from(webhookEvents)
        .where(and(eq(webhookEvents.ref, sid), eq(webhookEvents.tenant_id, tenant.id)))
    )[0]?.status;
  const stored = (sid: string) =>
    shared.db
      .select()
      .from(messages)
      .where(and(eq(messages.external_id, sid), eq(messages.tenant_id, tenant.id)))
      .then((r) => r[0] ?? null);

  beforeAll(async () => {
    shared = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'prm-roles-'));
    twilioOfApi = await startFakeTwilio();
    twilioOfWorker = await startFakeTwilio();
    api = await start('api', twilioOfApi);
    tenant = await createTenant(shared);
    channel = await createChannel({ ...api, close: async () => {} }, tenant);
  });

  afterAll(async () => {
    for (const p of procs.reverse()) {
      await p.app.close();
      await p.database.close();
    }
    await twilioOfApi.close();
    await twilioOfWorker.close();
    await shared.drop();
    rmSync(dataDir, { recursive: true, force: true });
    for (const p of procs) expect(p.logs.take()).toEqual([]);
  });

  it('an API process acknowledges and stores webhooks, and a worker process processes them', async () => {
    // The announcement is how workers hear of stored webhooks; the test listens to it like one.
    const heard: number[] = [];
    const unlisten: Unsubscribe = await onLedgerStored(shared, (n) => heard.push(n));
    try {
      const early = inboundParams(channel, '+919812345601');
      expect((await post(early)).statusCode).toBe(200);
      await eventually(() => heard.length > 0, 5000, 'the ledger announcement');
      expect(heard).toEqual([1]);
      // Announced and acknowledged, yet nobody processed it: the API process does no background work.
      expect(await ledgerStatus(early.MessageSid)).toBe('pending');
      expect(await stored(early.MessageSid)).toBeNull();

      // A worker that starts later takes what is waiting in the ledger…
      worker = await start('worker', twilioOfWorker);
      expect(await eventually(() => stored(early.MessageSid), 10_000, 'the backlog')).toMatchObject({
        direction: 'inbound',
        body: early.Body,
      });
      // …and what arrives from then on, on the announcement rather than its five-second safety sweep.
      const later = inboundParams(channel, '+919812345602');
      expect((await post(later)).statusCode).toBe(200);
      await eventually(() => stored(later.MessageSid), 3000, 'the announced webhook');
      expect(await ledgerStatus(later.MessageSid)).toBe('processed');
    } finally {
      await unlisten();
    }
  });

  it("sends queued by the API process are sent by the worker's job queue", async () => {
    const [patient] = await shared.db
      .select()
      .from(patients)
      .where(and(eq(patients.tenant_id, tenant.id), eq(patients.phone, '+919812345601')));
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/whatsapp/send',
      headers: bearer(tenant.keys.staff),
      payload: { patient_id: patient?.id, body: 'Your appointment is confirmed' },
    });
    expect(res.statusCode).toBe(202);
    await eventually(() => twilioOfWorker.sends.length === 1, 10_000, 'the send');
    expect(twilioOfWorker.sends[0]?.params.get('Body')).toBe('Your appointment is confirmed');
    // Each process has its own Twilio endpoint here: the API process never called its own.
    expect(twilioOfApi.sends).toEqual([]);
  });

  it('a worker process serves its probes over HTTP and nothing else, webhooks included', async () => {
    await worker.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(worker.app.server.address() as { port: number }).port}`;
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^prm_webhook_ledger_scrape_ok 1$/m);
    expect(metrics).toContain('nodejs_eventloop_lag_seconds');

    const params = inboundParams(channel, '+919812345603');
    const refused = [
      await fetch(`${base}/api/v1/whatsapp/webhook`, {
        method: 'POST',
        headers: signed(url, channel.authToken, params).headers,
        body: signed(url, channel.authToken, params).payload,
      }),
      await fetch(`${base}/api/v1/patients`, { headers: bearer(tenant.keys.staff) }),
      await fetch(`${base}/`),
      await fetch(`${base}/docs/json`),
    ];
    for (const res of refused) {
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).type).toContain('not_served_by_worker');
    }
    expect(await ledgerStatus(params.MessageSid)).toBeUndefined();
  });
});

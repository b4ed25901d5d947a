import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateWhatsapp } from '../src/cli/simulate/whatsapp-simulator.js';
import { type Database, openDatabase } from '../src/server/platform/db/client.js';
import { messages, webhookEvents } from '../src/server/platform/db/schema/index.js';
import { bearer, createTenant, type TestTenant } from './helpers/app.js';
import { createTestDatabase } from './helpers/db.js';
import { eventually } from './helpers/poll.js';
import { newAccountSid } from './helpers/twilio.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (!gone(c)) c.kill('SIGKILL');
});

/** `prm start` as its own OS process, so it can be killed with SIGKILL like a crashed server. */
async function startServer(env: Record<string, string>, base: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/prm.ts', 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  await eventually(async () => {
    if (gone(child)) throw new Error(`server exited: ${stderr}`);
    return fetch(`${base}/ready`).then(
      (r) => r.ok,
      () => false,
    );
  }, 60_000);
  return child;
}

const gone = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
const exited = (c: ChildProcess) => new Promise<void>((r) => (gone(c) ? r() : c.once('exit', () => r())));

describe('WhatsApp crash safety', () => {
  it('keeps and processes every acknowledged webhook across a kill -9 mid-load', {
    timeout: 240_000,
  }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'error',
      SECRETS_KEY: randomBytes(32).toString('base64'),
    };
    let tenant: TestTenant;
    let reopen: () => Promise<Database>;
    let cleanup: () => Promise<void>;
    if (process.env.TEST_DATABASE_URL) {
      const database = await createTestDatabase();
      tenant = await createTenant(database);
      env.DATABASE_URL = database.url as string;
      reopen = async () => database;
      cleanup = () => database.drop();
    } else {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'prm-crash-'));
      env.DATA_DIR = dir;
      const database = await openDatabase({ dataDir: path.join(dir, 'pglite') });
      await database.migrate();
      tenant = await createTenant(database);
      await database.close();
      reopen = () => openDatabase({ dataDir: path.join(dir, 'pglite') });
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }

    let server = await startServer(env, base);
    const channel = {
      accountSid: newAccountSid(),
      authToken: randomBytes(16).toString('hex'),
      sender: '+14155550123',
    };
    const created = await fetch(`${base}/api/v1/whatsapp/channels`, {
      method: 'POST',
      headers: { ...bearer(tenant.keys.admin), 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Desk',
        account_sid: channel.accountSid,
        auth_token: channel.authToken,
        sender: channel.sender,
      }),
    });
    expect(created.status).toBe(201);

    const summary = await simulateWhatsapp({
      url: base,
      publicUrl: base,
      ...channel,
      to: channel.sender,
      count: 600,
      phones: 40,
      duplicates: 0.1,
      outboundSids: [],
      shuffleStatus: false,
      rate: 0,
      concurrency: 16,
      onProgress: (done) => {
        if (done === 150) server.kill('SIGKILL');
      },
    });
    await exited(server);
    expect(summary.acknowledged.length).toBeGreaterThanOrEqual(100);
    expect(summary.networkErrors).toBeGreaterThan(0);

    server = await startServer(env, base);
    await eventually(async () => {
      const res = await fetch(`${base}/api/v1/whatsapp/health/check`, { headers: bearer(tenant.keys.staff) });
      const body = (await res.json()) as { ledger: { pending: number } };
      return res.ok && body.ledger.pending === 0;
    }, 120_000);
    server.kill('SIGTERM');
    await exited(server);

    const database = await reopen();
    try {
      const keys = [...new Set(summary.acknowledged.map((a) => a.key))];
      const rows = await database.db
        .select({ key: webhookEvents.external_id, status: webhookEvents.status })
        .from(webhookEvents)
        .where(inArray(webhookEvents.external_id, keys));
      expect(rows.length).toBe(keys.length);
      expect(rows.filter((r) => r.status !== 'processed')).toEqual([]);
      const stored = await database.db
        .select({ sid: messages.external_id })
        .from(messages)
        .where(inArray(messages.external_id, keys));
      expect(stored.length).toBe(keys.length);
    } finally {
      if (!process.env.TEST_DATABASE_URL) await database.close();
      await cleanup();
    }
  });
});

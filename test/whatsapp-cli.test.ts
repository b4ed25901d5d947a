import type { AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { simulateWhatsappCommand as simulate } from '../src/cli/commands/simulate-whatsapp.js';
import { webhooks } from '../src/cli/commands/webhooks.js';
import { loadConfig } from '../src/server/config.js';
import { messages, webhookEvents } from '../src/server/platform/db/schema/index.js';
import { createTenant, createTestApp, type TestContext, type TestTenant } from './helpers/app.js';
import { eventually } from './helpers/poll.js';
import { createChannel, type TestChannel } from './helpers/twilio.js';

let t: TestContext;
let clinic: TestTenant;
let channel: TestChannel;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  channel = await createChannel(t, clinic);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

async function output(run: () => Promise<void>) {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    chunks.push(String(c));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

describe('prm commands for WhatsApp', () => {
  it('prm simulate whatsapp posts signed traffic and prints a summary', async () => {
    const args = ['--url', base, '--account-sid', channel.accountSid, '--auth-token', channel.authToken];
    const out = await output(() =>
      simulate.run(
        [
          ...args,
          '--to',
          channel.sender,
          '--count',
          '20',
          '--phones',
          '5',
          '--rate',
          '0',
          '--duplicates',
          '0.5',
        ],
        t.app.config,
      ),
    );
    expect(out).toMatch(/^Sent \d+ webhooks in [\d.]+ s/);
    expect(out).toMatch(/Answers: 200: \d+/);
    expect(out).toContain('Latency: p50');
    await eventually(async () => {
      const [n] = await t.database.db
        .select({ n: count() })
        .from(messages)
        .where(eq(messages.tenant_id, clinic.id));
      return n?.n === 20;
    });
    await expect(simulate.run(['--count', '1'], t.app.config)).rejects.toThrow(/required/);
    await expect(simulate.run(['sms'], t.app.config)).rejects.toThrow(/Unexpected argument/);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('prm webhooks replay reprocesses failed events', async () => {
    const [row] = await t.database.db
      .update(webhookEvents)
      .set({ status: 'failed', error: 'simulated' })
      .where(eq(webhookEvents.tenant_id, clinic.id))
      .returning({ id: webhookEvents.id });
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: t.database.pool?.options.connectionString ?? '',
      LOG_LEVEL: 'warn',
    });
    const out = await output(() => webhooks.run(['replay', '--id', row?.id as string], config));
    expect(out).toBe('Replayed 1 event(s): 1 processed, 0 deferred, 0 failed.\n');
  });
});

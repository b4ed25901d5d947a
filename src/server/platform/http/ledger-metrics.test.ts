import client from 'prom-client';
import { expect, it } from 'vitest';
import { setupSuite } from '../../../../test/helpers/app.js';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { metricSample as sample } from '../../../../test/helpers/metrics.js';
import { webhookEvents } from '../db/schema/index.js';
import { ledgerMetrics } from './ledger-metrics.js';

const t = setupSuite();

const event = (provider: string, status: 'pending' | 'processed' | 'failed', agoSeconds: number) => ({
  provider,
  external_id: `${provider}-${status}-${agoSeconds}-${Math.random()}`,
  tenant_id: t.tenant.id,
  body: 'MessageSid=SM1',
  status,
  received_at: new Date(Date.now() - agoSeconds * 1000),
});

it('gives the ledger backlog by provider and state, and the age of the oldest pending event', async () => {
  await t.database.db
    .insert(webhookEvents)
    .values([
      event('twilio-whatsapp', 'pending', 90),
      event('twilio-whatsapp', 'pending', 5),
      event('twilio-whatsapp', 'failed', 300),
      event('twilio-whatsapp', 'processed', 3000),
      event('voice', 'processed', 10),
    ]);
  const text = (await t.app.inject({ url: '/metrics' })).body;
  expect(sample(text, 'prm_webhook_ledger_scrape_ok')).toBe('1');
  expect(sample(text, 'prm_webhook_ledger_events{provider="twilio-whatsapp",status="pending"}')).toBe('2');
  expect(sample(text, 'prm_webhook_ledger_events{provider="twilio-whatsapp",status="failed"}')).toBe('1');
  // Processed events are history, not backlog: no series for them, nor for a provider with none waiting.
  expect(text).not.toContain('status="processed"');
  expect(text).not.toContain('provider="voice"');
  const age = Number(sample(text, 'prm_webhook_ledger_oldest_pending_seconds{provider="twilio-whatsapp"}'));
  expect(age).toBeGreaterThanOrEqual(90);
  expect(age).toBeLessThan(120);
});

it('reads the ledger afresh at each scrape', async () => {
  await t.database.db.update(webhookEvents).set({ status: 'processed' });
  const text = (await t.app.inject({ url: '/metrics' })).body;
  expect(sample(text, 'prm_webhook_ledger_scrape_ok')).toBe('1');
  expect(text).not.toMatch(/^prm_webhook_ledger_events\{/m);
  expect(text).not.toMatch(/^prm_webhook_ledger_oldest_pending_seconds\{/m);
});

it('still answers when the database cannot be read, saying so, with no stale figures', async () => {
  const gone = await createTestDatabase();
  await gone.db.insert(webhookEvents).values([{ ...event('voice', 'pending', 1), tenant_id: null }]);
  const registry = new client.Registry();
  const warnings: string[] = [];
  ledgerMetrics(gone.db, registry, { warn: (_obj, msg) => warnings.push(msg) });
  expect(
    sample(await registry.metrics(), 'prm_webhook_ledger_events{provider="voice",status="pending"}'),
  ).toBe('1');
  await gone.drop();
  const text = await registry.metrics();
  expect(sample(text, 'prm_webhook_ledger_scrape_ok')).toBe('0');
  expect(text).not.toContain('provider="voice"');
  expect(warnings).toEqual(['metrics: the webhook ledger could not be read']);
});

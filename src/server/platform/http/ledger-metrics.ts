import { inArray, min, sql } from 'drizzle-orm';
import client from 'prom-client';
import type { Db } from '../db/client.js';
import { webhookEvents } from '../db/schema/index.js';

/** Every state but `processed`: the ones an operator is alerted on. */
const WAITING = ['pending', 'deferred', 'failed', 'invalid'] as const;

/**
 * The webhook ledger as the scrape finds it, for every provider: how many events wait in each state, and
 * how long the oldest pending one has waited — the alert for "acknowledged but not processed" (a stopped
 * or overloaded worker), which no process-level metric shows. One indexed query per scrape.
 */
export function ledgerMetrics(
  db: Db,
  registry: client.Registry,
  log: { warn(obj: object, msg: string): void },
) {
  // prom-client collects the metrics of a scrape concurrently: the three share one read.
  let reading: Promise<void> | null = null;
  const collect = () => {
    reading ??= read().finally(() => {
      reading = null;
    });
    return reading;
  };
  const events = new client.Gauge({
    name: 'prm_webhook_ledger_events',
    help: 'Webhook ledger events not (yet) processed, by provider and state',
    labelNames: ['provider', 'status'] as const,
    registers: [registry],
    collect,
  });
  const oldest = new client.Gauge({
    name: 'prm_webhook_ledger_oldest_pending_seconds',
    help: 'Age of the oldest pending webhook ledger event, by provider (absent when none is pending)',
    labelNames: ['provider'] as const,
    registers: [registry],
    collect,
  });
  const ok = new client.Gauge({
    name: 'prm_webhook_ledger_scrape_ok',
    help: '1 when the ledger figures above were read from the database at this scrape, 0 when it failed',
    registers: [registry],
    collect,
  });
  ok.set(0);
  const read = async () => {
    try {
      const rows = await db
        .select({
          provider: webhookEvents.provider,
          status: webhookEvents.status,
          n: sql<number>`count(*)::int`,
          oldest: min(webhookEvents.received_at),
        })
        .from(webhookEvents)
        .where(inArray(webhookEvents.status, [...WAITING]))
        .groupBy(webhookEvents.provider, webhookEvents.status);
      const now = Date.now();
      events.reset();
      oldest.reset();
      for (const r of rows) {
        events.set({ provider: r.provider, status: r.status }, r.n);
        if (r.status === 'pending' && r.oldest)
          oldest.set({ provider: r.provider }, Math.max(0, (now - r.oldest.getTime()) / 1000));
      }
      ok.set(1);
    } catch (err) {
      events.reset();
      oldest.reset();
      ok.set(0);
      log.warn({ err }, 'metrics: the webhook ledger could not be read');
    }
  };
}

import { inArray, min, sql } from 'drizzle-orm';
import type client from 'prom-client';
import type { Db } from '../db/client.js';
import { webhookEvents } from '../db/schema/index.js';
import { scrapedGauges } from './scraped-gauges.js';

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
  scrapedGauges(registry, log, {
    prefix: 'prm_webhook_ledger',
    source: 'the webhook ledger',
    gauges: {
      events: {
        help: 'Webhook ledger events not (yet) processed, by provider and state',
        labelNames: ['provider', 'status'],
      },
      oldest_pending_seconds: {
        help: 'Age of the oldest pending webhook ledger event, by provider (absent when none is pending)',
        labelNames: ['provider'],
      },
    },
    read: async (g) => {
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
      for (const r of rows) {
        g.events.set({ provider: r.provider, status: r.status }, r.n);
        if (r.status === 'pending' && r.oldest)
          g.oldest_pending_seconds.set(
            { provider: r.provider },
            Math.max(0, (now - r.oldest.getTime()) / 1000),
          );
      }
    },
  });
}

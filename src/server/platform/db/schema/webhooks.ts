import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, tstz } from './columns.js';

/**
 * The raw ledger of every verified inbound webhook. The unique key makes retries and concurrent
 * duplicates no-ops at the database, never by a read-then-write check.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    provider: text('provider').notNull(),
    external_id: text('external_id').notNull(),
    /** Null only while the tenant is unknown (the event is kept for replay). */
    tenant_id: uuid('tenant_id'),
    event_type: text('event_type'),
    /** The provider object the event is about when that is not its key (a status callback's MessageSid). */
    ref: text('ref'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    body: text('body').notNull(),
    received_at: tstz('received_at').notNull().defaultNow(),
    processed_at: tstz('processed_at'),
    status: text('status', { enum: ['pending', 'processed', 'failed', 'invalid', 'deferred'] })
      .notNull()
      .default('pending'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [
    uniqueIndex('webhook_events_provider_external_key').on(t.provider, t.external_id),
    index('webhook_events_tenant_received_idx').on(t.tenant_id, t.received_at),
    index('webhook_events_status_idx').on(t.status, t.received_at),
    index('webhook_events_ref_idx').on(t.provider, t.ref),
  ],
);

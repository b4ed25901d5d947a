import { and, asc, count, eq, inArray, min, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database, DbOrTx } from '../../platform/db/client.js';
import { preparedRows } from '../../platform/db/prepared.js';
import { webhookEvents } from '../../platform/db/schema/index.js';

export type LedgerRow = typeof webhookEvents.$inferSelect;
export type LedgerInsert = Pick<
  typeof webhookEvents.$inferInsert,
  'provider' | 'external_id' | 'tenant_id' | 'event_type' | 'ref' | 'headers' | 'body'
>;

const INSERT_EVENTS = `insert into webhook_events (id, provider, external_id, tenant_id, event_type, ref, headers, body)
  select id, provider, external_id, tenant_id, event_type, ref, coalesce(headers, '{}'), body
  from json_to_recordset($1::json) as x(id uuid, provider text, external_id text, tenant_id uuid,
    event_type text, ref text, headers jsonb, body text)
  on conflict (provider, external_id) do nothing
  returning id, provider, external_id`;

/**
 * Many events in one statement; the unique key turns retries and duplicates into no-ops. The rows travel
 * as one JSON parameter of one prepared statement: building a many-row VALUES through the query builder,
 * and planning it anew per batch, cost more CPU per webhook than everything else on the acknowledgement
 * path.
 */
export async function insertEvents(database: Pick<Database, 'pool' | 'pglite'>, rows: LedgerInsert[]) {
  return preparedRows<{ id: string; provider: string; external_id: string }>(
    database,
    'webhook_events_insert',
    INSERT_EVENTS,
    [JSON.stringify(rows.map((r) => ({ id: uuidv7(), ...r })))],
  );
}

/**
 * Take events for processing, in the order they arrived (ids are time-ordered within one arrival
 * instant): ones another process is on (locked) or that are done are left out.
 */
export async function claimEvents(tx: DbOrTx, ids: string[]) {
  return tx
    .select()
    .from(webhookEvents)
    .where(and(inArray(webhookEvents.id, ids), eq(webhookEvents.status, 'pending')))
    .orderBy(asc(webhookEvents.received_at), asc(webhookEvents.id))
    .for('update', { skipLocked: true });
}

export async function setEventStatus(
  db: DbOrTx,
  ids: string[],
  status: 'processed' | 'deferred' | 'failed',
  error: string | null = null,
) {
  await db
    .update(webhookEvents)
    .set({
      status,
      error,
      attempts: sql`${webhookEvents.attempts} + 1`,
      processed_at: status === 'processed' ? new Date() : null,
    })
    .where(inArray(webhookEvents.id, ids));
}

export async function pendingEventIds(db: DbOrTx, providers: string[], limit: number) {
  const rows = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.status, 'pending'), inArray(webhookEvents.provider, providers)))
    .orderBy(asc(webhookEvents.received_at))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Status callbacks that arrived before their message: locked, so the caller applies each once. */
export async function deferredForRef(tx: DbOrTx, tenantId: string, provider: string, ref: string) {
  return tx
    .select()
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.tenant_id, tenantId),
        eq(webhookEvents.provider, provider),
        eq(webhookEvents.ref, ref),
        eq(webhookEvents.status, 'deferred'),
      ),
    )
    .for('update');
}

/** Put failed (or deferred) events back in the queue for another attempt; returns their ids. */
export async function requeueEvents(
  db: DbOrTx,
  opts: { providers: string[]; status: 'failed' | 'deferred'; id?: string | undefined; limit: number },
) {
  const pick = db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        inArray(webhookEvents.provider, opts.providers),
        eq(webhookEvents.status, opts.status),
        opts.id ? eq(webhookEvents.id, opts.id) : undefined,
      ),
    )
    .orderBy(asc(webhookEvents.received_at))
    .limit(opts.limit);
  const rows = await db
    .update(webhookEvents)
    .set({ status: 'pending' })
    .where(inArray(webhookEvents.id, pick))
    .returning({ id: webhookEvents.id });
  return rows.map((r) => r.id);
}

export async function ledgerBacklog(db: DbOrTx, tenantId: string, providers: string[]) {
  const rows = await db
    .select({ status: webhookEvents.status, n: count(), oldest: min(webhookEvents.received_at) })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.tenant_id, tenantId), inArray(webhookEvents.provider, providers)))
    .groupBy(webhookEvents.status);
  return rows;
}

export async function statusCounts(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ status: webhookEvents.status, n: count() })
    .from(webhookEvents)
    .where(inArray(webhookEvents.id, ids))
    .groupBy(webhookEvents.status);
}

import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Database, DbOrTx } from '../db/client.js';

/** One channel for all live events; the payload says which tenant and what happened. */
export const EVENTS_CHANNEL = 'prm_events';

export type DomainEvent = {
  tenant_id: string;
  type: string;
  /** Ids and small facts only: events cross processes through NOTIFY (8 kB limit) and must carry no PHI. */
  data: Record<string, unknown>;
};

/**
 * Publish inside the caller's transaction: NOTIFY is delivered only at commit, so a listener never hears of
 * data it cannot read yet, and a rolled-back change is never announced.
 */
export async function publishEvent(db: DbOrTx, event: DomainEvent) {
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`);
}

export type Unsubscribe = () => Promise<void>;

/**
 * Hear every committed event, from this process or any other on the same database: a dedicated LISTEN
 * connection on PostgreSQL, PGlite's in-process listener when embedded.
 */
export async function subscribeEvents(
  database: Database,
  onEvent: (e: DomainEvent) => void,
): Promise<Unsubscribe> {
  const handle = (payload: string) => {
    try {
      onEvent(JSON.parse(payload) as DomainEvent);
    } catch {
      // A malformed payload cannot come from publishEvent; ignore anything else on the channel.
    }
  };
  if (database.pglite) {
    const unlisten = await database.pglite.listen(EVENTS_CHANNEL, handle);
    return unlisten;
  }
  const pool = database.pool as pg.Pool;
  const client = await pool.connect();
  client.on('notification', (msg) => {
    if (msg.channel === EVENTS_CHANNEL && msg.payload) handle(msg.payload);
  });
  await client.query(`listen ${EVENTS_CHANNEL}`);
  return async () => {
    await client.query(`unlisten ${EVENTS_CHANNEL}`);
    client.release();
  };
}

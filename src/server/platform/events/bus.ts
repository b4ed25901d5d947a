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
  await publishEvents(db, [event]);
}

/** Several in one statement, announced in this order. */
export async function publishEvents(db: DbOrTx, events: DomainEvent[]) {
  if (events.length === 0) return;
  await db.execute(
    sql`select pg_notify(${EVENTS_CHANNEL}, e) from json_array_elements_text(${JSON.stringify(events.map((e) => JSON.stringify(e)))}::json) as e`,
  );
}

export type Unsubscribe = () => Promise<void>;

export type SubscribeOptions = {
  /** Told when a lost LISTEN connection is back: events sent in between were missed, so catch up. */
  onReconnect?: () => void;
  log?: { warn(obj: object, msg: string): void };
};

const RETRY_MAX_MS = 5000;

/**
 * Hear every committed event, from this process or any other on the same database.
 */
export function subscribeEvents(
  database: Database,
  onEvent: (e: DomainEvent) => void,
  opts: SubscribeOptions = {},
): Promise<Unsubscribe> {
  return listenChannel(
    database,
    EVENTS_CHANNEL,
    (payload) => {
      try {
        onEvent(JSON.parse(payload) as DomainEvent);
      } catch {
        // A payload that is not ours (someone else NOTIFYing the channel) is ignored.
      }
    },
    opts,
  );
}

/**
 * Hear every NOTIFY on `channel`: a dedicated LISTEN connection on PostgreSQL, PGlite's in-process
 * listener when embedded. A dropped connection (a database restart, a terminated backend) is replaced,
 * with backoff, for as long as the subscription lasts.
 */
export async function listenChannel(
  database: Database,
  channel: string,
  handle: (payload: string) => void,
  opts: SubscribeOptions = {},
): Promise<Unsubscribe> {
  if (database.pglite) {
    const unlisten = await database.pglite.listen(channel, handle);
    return unlisten;
  }
  const pool = database.pool as pg.Pool;
  let client: pg.PoolClient | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const connect = async () => {
    const c = await pool.connect();
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      c.release(err ?? true);
      opts.log?.warn({ err: err?.message }, 'event listener connection lost; reconnecting');
      if (!closed) retry(0);
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (msg) => {
      if (msg.channel === channel) handle(msg.payload ?? '');
    });
    try {
      await c.query(`listen ${channel}`);
    } catch (err) {
      c.release(err as Error);
      throw err;
    }
    client = c;
  };
  const retry = (attempt: number) => {
    timer = setTimeout(
      () => {
        connect().then(
          () => {
            if (closed) return void unlisten();
            opts.onReconnect?.();
          },
          () => !closed && retry(attempt + 1),
        );
      },
      Math.min(50 * 2 ** attempt, RETRY_MAX_MS),
    );
    timer.unref();
  };
  const unlisten = async () => {
    const c = client;
    client = null;
    if (!c) return;
    await c.query(`unlisten ${channel}`).catch(() => undefined);
    c.release();
  };

  await connect();
  return async () => {
    closed = true;
    if (timer) clearTimeout(timer);
    await unlisten();
  };
}

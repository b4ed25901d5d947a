import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.js';
import { safeErrorForLog } from '../../platform/db/errors.js';
import { listenChannel, type SubscribeOptions, type Unsubscribe } from '../../platform/events/bus.js';

/** Where API processes tell workers that webhooks are in the ledger; the payload is how many. */
export const LEDGER_CHANNEL = 'prm_ledger';

type Log = { error(obj: object, msg: string): void };

/**
 * The API role's side (decision 0307): after ledger rows commit, one NOTIFY per `everyMs` at most says
 * how many arrived. It is sent outside the ledger's transactions, so the group commit never waits on
 * PostgreSQL's notification queue; a lost one only delays processing until a worker's next sweep.
 */
export function ledgerAnnouncer(database: Pick<Database, 'db'>, log: Log, opts: { everyMs?: number } = {}) {
  const everyMs = opts.everyMs ?? 20;
  let stored = 0;
  let timer: NodeJS.Timeout | null = null;
  let sending: Promise<void> = Promise.resolve();

  function send() {
    timer = null;
    const n = stored;
    stored = 0;
    sending = database.db.execute(sql`select pg_notify(${LEDGER_CHANNEL}, ${String(n)})`).then(
      () => undefined,
      (err: unknown) => log.error({ err: safeErrorForLog(err) }, 'ledger announcement failed'),
    );
  }

  return {
    kick(ids: string[]) {
      stored += ids.length;
      timer ??= setTimeout(send, everyMs);
    },
    /** Announce what is still unannounced, then stop. */
    async stop() {
      if (timer) {
        clearTimeout(timer);
        send();
      }
      await sending;
    },
  };
}

/** The worker's side: told how many webhooks other processes stored. */
export function onLedgerStored(
  database: Database,
  handle: (n: number) => void,
  opts: SubscribeOptions = {},
): Promise<Unsubscribe> {
  return listenChannel(
    database,
    LEDGER_CHANNEL,
    (payload) => {
      const n = Number(payload);
      handle(Number.isSafeInteger(n) && n > 0 ? n : 1);
    },
    opts,
  );
}

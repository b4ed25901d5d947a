import type { Db, Tx } from '../../platform/db/client.js';
import { safeErrorForLog } from '../../platform/db/errors.js';
import { claimEvent, type LedgerRow, pendingEventIds, setEventStatus } from './ledger.repository.js';

export type EventHandler = (tx: Tx, row: LedgerRow) => Promise<'processed' | 'deferred'>;
export type ProcessorLog = { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

/**
 * Turns committed ledger rows into domain rows, each exactly once: a row is claimed with
 * FOR UPDATE SKIP LOCKED in the transaction that writes its effects and marks it processed, so a crash
 * leaves it pending (picked up again by the sweep) and two processes never both apply it.
 */
export function eventProcessor(
  db: Db,
  handlers: Record<string, EventHandler>,
  log: ProcessorLog,
  opts: { concurrency?: number; sweepMs?: number } = {},
) {
  const concurrency = opts.concurrency ?? 4;
  const queue: string[] = [];
  const queued = new Set<string>();
  let running = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const idle: (() => void)[] = [];

  async function processOne(id: string): Promise<void> {
    try {
      await db.transaction(async (tx) => {
        const row = await claimEvent(tx, id);
        if (!row) return;
        const handler = handlers[row.provider];
        if (!handler) throw new Error(`no handler for provider ${row.provider}`);
        await setEventStatus(tx, id, await handler(tx, row));
      });
    } catch (err) {
      const safe = safeErrorForLog(err);
      const reason =
        `${String(safe.code ?? safe.type ?? 'Error')}: ${String(safe.message ?? 'failed')}`.slice(0, 500);
      await setEventStatus(db, id, 'failed', reason).catch(() => {});
      log.warn({ webhook_event_id: id, err: safe }, 'webhook event processing failed; kept for replay');
    }
  }

  function pump() {
    while (!stopped && running < concurrency && queue.length > 0) {
      const id = queue.shift() as string;
      queued.delete(id);
      running++;
      void processOne(id).finally(() => {
        running--;
        if (running === 0 && queue.length === 0) for (const f of idle.splice(0)) f();
        pump();
      });
    }
  }

  function kick(ids: string[]) {
    for (const id of ids) {
      if (queued.has(id)) continue;
      queued.add(id);
      queue.push(id);
    }
    pump();
  }

  async function sweep() {
    if (stopped) return;
    try {
      kick(await pendingEventIds(db, Object.keys(handlers), 1000));
    } catch (err) {
      if (!stopped) log.error({ err: safeErrorForLog(err) }, 'webhook ledger sweep failed');
    }
  }

  return {
    kick,
    sweep,
    /** Sweep now (events a crash left pending) and then every sweepMs. */
    start() {
      void sweep();
      timer = setInterval(() => void sweep(), opts.sweepMs ?? 5000);
      timer.unref();
    },
    /** Resolves once nothing is queued or running. */
    drained(): Promise<void> {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((r) => idle.push(r));
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      queue.length = 0;
      queued.clear();
      if (running > 0) await new Promise<void>((r) => idle.push(r));
    },
  };
}
export type EventProcessor = ReturnType<typeof eventProcessor>;

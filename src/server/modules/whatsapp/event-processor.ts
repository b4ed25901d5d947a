import { burstPacer } from '../../platform/burst-meter.js';
import type { Db, Tx } from '../../platform/db/client.js';
import { safeErrorForLog } from '../../platform/db/errors.js';
import { claimEvents, type LedgerRow, pendingEventIds, setEventStatus } from './ledger.repository.js';

type Outcome = 'processed' | 'deferred';
export type EventHandler = {
  apply: (tx: Tx, row: LedgerRow) => Promise<Outcome>;
  /**
   * Several events of one tenant at once, in lock order, with the effects of applying them one by one;
   * an outcome per row. Without it, a batch applies its events one at a time.
   */
  applyMany?: (tx: Tx, rows: LedgerRow[]) => Promise<Outcome[]>;
  /**
   * What applying the event locks (the sender's patient, the message sid). A batch applies its events in
   * this order, so two batches take their locks alike and cannot deadlock each other.
   */
  lockKey: (row: LedgerRow) => string;
};
const sameRun = (a: LedgerRow | undefined, b: LedgerRow) =>
  a?.tenant_id === b.tenant_id && a.provider === b.provider;

export type ProcessorLog = { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

/**
 * Turns committed ledger rows into domain rows, each exactly once: rows are claimed with
 * FOR UPDATE SKIP LOCKED in the transaction that writes their effects and marks them processed, so a
 * crash leaves them pending (picked up again by the sweep) and two processes never both apply one.
 * Under a burst, up to `batch` queued events share one transaction: one commit (and one flush of the
 * change notifications, which PostgreSQL serialises) for many. Should any of them fail, the batch is
 * rolled back and its events are applied one by one, so a bad event is kept for replay alone.
 * While `yieldTo` reports a burst of arrivals, processing gives way to it: one batch at a time and at most
 * one every `restMs`, so acknowledging keeps the cores and processing still moves (decision 0304).
 */
export function eventProcessor(
  db: Db,
  handlers: Record<string, EventHandler>,
  log: ProcessorLog,
  opts: {
    concurrency?: number;
    batch?: number;
    sweepMs?: number;
    /** Events taken from the ledger per sweep. */
    sweepPage?: number;
    yieldTo?: { busy(): boolean };
    restMs?: number;
  } = {},
) {
  const concurrency = opts.concurrency ?? 2;
  const batchSize = opts.batch ?? 32;
  const pacer = burstPacer(opts.yieldTo, opts.restMs ?? 250);
  const sweepPage = opts.sweepPage ?? 1000;
  const queue: string[] = [];
  const queued = new Set<string>();
  const inFlight = new Set<string>();
  let running = 0;
  let sweeping = false;
  let woken = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const idle: (() => void)[] = [];

  const handlerOf = (row: LedgerRow) => {
    const handler = handlers[row.provider];
    if (!handler) throw new Error(`no handler for provider ${row.provider}`);
    return handler;
  };

  /** Claim, apply and mark the events in one transaction; throws (having changed nothing) if one fails. */
  async function applyAll(ids: string[]) {
    await db.transaction(async (tx) => {
      const keyed = (await claimEvents(tx, ids)).map((row) => {
        const handler = handlerOf(row);
        return { row, handler, key: `${row.tenant_id}\n${row.provider}\n${handler.lockKey(row)}` };
      });
      // A stable sort: one sender's messages keep their arrival order (STOP then START ends opted in).
      keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const done = { processed: [] as string[], deferred: [] as string[] };
      for (let i = 0; i < keyed.length; ) {
        const { row, handler } = keyed[i] as (typeof keyed)[number];
        let end = i + 1;
        if (handler.applyMany) while (end < keyed.length && sameRun(keyed[end]?.row, row)) end++;
        const run = keyed.slice(i, end).map((k) => k.row);
        const outcomes = handler.applyMany
          ? await handler.applyMany(tx, run)
          : [await handler.apply(tx, row)];
        outcomes.forEach((o, n) => {
          done[o].push((run[n] as LedgerRow).id);
        });
        i = end;
      }
      for (const [status, of] of Object.entries(done) as [keyof typeof done, string[]][])
        if (of.length) await setEventStatus(tx, of, status);
    });
  }

  async function processOne(id: string): Promise<void> {
    try {
      await applyAll([id]);
    } catch (err) {
      const safe = safeErrorForLog(err);
      const reason =
        `${String(safe.code ?? safe.type ?? 'Error')}: ${String(safe.message ?? 'failed')}`.slice(0, 500);
      await setEventStatus(db, [id], 'failed', reason).catch(() => {});
      log.warn({ webhook_event_id: id, err: safe }, 'webhook event processing failed; kept for replay');
    }
  }

  async function processBatch(ids: string[]): Promise<void> {
    if (ids.length > 1) {
      try {
        return await applyAll(ids);
      } catch {
        // Nothing of the batch committed; one at a time, each failure is recorded against its own event.
      }
    }
    for (const id of ids) await processOne(id);
  }

  function pump() {
    while (!stopped && running < concurrency && queue.length > 0) {
      // During a burst: one batch at a time, one per rest.
      if (pacer.busy() && running > 0) return;
      if (pacer.hold(pump)) return;
      pacer.started();
      const ids = queue.splice(0, batchSize);
      for (const id of ids) {
        queued.delete(id);
        inFlight.add(id);
      }
      running++;
      void processBatch(ids).finally(() => {
        running--;
        for (const id of ids) inFlight.delete(id);
        refill();
        settle();
        pump();
      });
    }
  }

  function settle() {
    if (running === 0 && queue.length === 0 && !sweeping) for (const f of idle.splice(0)) f();
  }

  function kick(ids: string[]) {
    if (stopped) return;
    for (const id of ids) {
      // A sweep also sees the events of a batch still running (pending until it commits).
      if (queued.has(id) || inFlight.has(id)) continue;
      queued.add(id);
      queue.push(id);
    }
    pump();
  }

  /** Queue pending events from the ledger, oldest first; says whether there may be more. */
  async function sweep(): Promise<boolean> {
    if (stopped) return false;
    try {
      const ids = await pendingEventIds(db, Object.keys(handlers), sweepPage);
      kick(ids);
      return ids.length === sweepPage;
    } catch (err) {
      if (!stopped) log.error({ err: safeErrorForLog(err) }, 'webhook ledger sweep failed');
      return false;
    }
  }

  /**
   * Events stored by another process (or left pending by a crash) are fetched from the ledger once the
   * queue runs low, not on every announcement: during a burst the announcements come faster than batches
   * finish. A full page means more are waiting: the next page follows as soon as the queue runs low again.
   */
  function refill() {
    if (stopped || sweeping || !woken || queue.length >= batchSize * concurrency) return;
    woken = false;
    sweeping = true;
    void sweep().then((more) => {
      sweeping = false;
      if (more) woken = true;
      refill();
      settle();
    });
  }

  function wake() {
    woken = true;
    refill();
  }

  return {
    kick,
    /** Another process stored events: take them from the ledger. */
    wake,
    /** Sweep now (events a crash left pending) and then every sweepMs. */
    start() {
      wake();
      timer = setInterval(wake, opts.sweepMs ?? 5000);
      timer.unref();
    },
    /** Resolves once nothing is queued or running. */
    drained(): Promise<void> {
      return new Promise((r) => {
        idle.push(r);
        settle();
      });
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      pacer.stop();
      queue.length = 0;
      queued.clear();
      if (running > 0 || sweeping) await new Promise<void>((r) => idle.push(r));
    },
  };
}
export type EventProcessor = ReturnType<typeof eventProcessor>;

import type { BurstMeter } from '../../platform/burst-meter.js';
import type { Database } from '../../platform/db/client.js';
import { insertEvents, type LedgerInsert } from './ledger.repository.js';

export type LedgerReceipt = { id: string; inserted: true } | { inserted: false };

type Waiting = { row: LedgerInsert; resolve: (r: LedgerReceipt) => void; reject: (e: unknown) => void };

/**
 * Group commit of the webhook ledger: webhooks that arrive while a commit is in flight are written
 * together by the next one, so one fsync acknowledges many. Each caller's promise settles only after
 * its row's transaction committed — the 2xx is sent after that, never before.
 */
export function ledgerWriter(
  database: Pick<Database, 'pool' | 'pglite'>,
  opts: { maxBatch?: number; maxInFlight?: number; meter?: BurstMeter } = {},
) {
  const maxBatch = opts.maxBatch ?? 256;
  const maxInFlight = opts.maxInFlight ?? 2;
  let queue: Waiting[] = [];
  let inFlight = 0;

  async function flush(batch: Waiting[]) {
    inFlight++;
    try {
      const inserted = await insertEvents(
        database,
        batch.map((w) => w.row),
      );
      const ids = new Map(inserted.map((r) => [`${r.provider}\n${r.external_id}`, r.id]));
      for (const w of batch) {
        const key = `${w.row.provider}\n${w.row.external_id}`;
        const id = ids.get(key);
        // Within one batch a key is inserted once: the first caller owns it, the rest are duplicates.
        ids.delete(key);
        w.resolve(id ? { id, inserted: true } : { inserted: false });
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      inFlight--;
      schedule();
    }
  }

  function schedule() {
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      void flush(batch);
    }
  }

  return {
    write(row: LedgerInsert): Promise<LedgerReceipt> {
      opts.meter?.mark();
      return new Promise((resolve, reject) => {
        queue.push({ row, resolve, reject });
        // Let the requests of this event-loop turn join the batch before it is sent.
        if (queue.length === 1) setImmediate(schedule);
      });
    },
  };
}
export type LedgerWriter = ReturnType<typeof ledgerWriter>;

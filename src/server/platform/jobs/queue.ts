import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, PgBoss } from 'pg-boss';
import type { Database, DbOrTx } from '../db/client.js';

export type RetryOptions = {
  /** Attempts after the first (default 5). */
  retryLimit?: number;
  /** Seconds before the first retry; doubles each time with jitter (default 2). */
  retryDelaySeconds?: number;
  /** Upper bound of the backoff in seconds (default 300). */
  retryDelayMaxSeconds?: number;
};

export type EnqueueOptions = RetryOptions & {
  /** Enqueue inside this transaction: the job exists exactly when the caller's change commits. */
  tx?: DbOrTx;
  startAfterSeconds?: number;
  /** At most one queued job per key and queue. */
  singletonKey?: string;
};

export type JobInfo = { id: string; retryCount: number };
export type JobHandler<T> = (data: T, job: JobInfo) => Promise<void>;

export type WorkOptions = RetryOptions & {
  /** Jobs run at once by this process (default 4). */
  concurrency?: number;
};

/** The queue every module uses for background work; pg-boss underneath (PostgreSQL or PGlite). */
export interface JobQueue {
  enqueue<T extends object>(name: string, data: T, opts?: EnqueueOptions): Promise<string | null>;
  /** Run jobs of `name`; a throwing handler makes the job retry with backoff until its limit. */
  work<T extends object>(name: string, handler: JobHandler<T>, opts?: WorkOptions): Promise<void>;
  /** Every queue, as pg-boss's last monitor pass counted it (about once a minute), in one cheap read. */
  counts(): Promise<QueueCounts[]>;
  stop(): Promise<void>;
}

/** One queue's jobs by state: `deferred` wait for their start time or their next retry. */
export type QueueCounts = {
  queue: string;
  ready: number;
  deferred: number;
  active: number;
  /** Failed for good and still retained: a rolling count of recent failures. */
  failed: number;
};

export type JobLogger = {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
};

const DEFAULTS = { retryLimit: 5, retryDelay: 2, retryDelayMax: 300 };

function queueOptions(o: RetryOptions) {
  return {
    retryLimit: o.retryLimit ?? DEFAULTS.retryLimit,
    retryDelay: o.retryDelaySeconds ?? DEFAULTS.retryDelay,
    retryDelayMax: o.retryDelayMaxSeconds ?? DEFAULTS.retryDelayMax,
    retryBackoff: true,
  };
}

/**
 * Start pg-boss on the application's database. On PGlite it runs through pg-boss's own PGlite adapter
 * (one connection shared with the app, statements serialised by PGlite); on PostgreSQL it opens a small
 * pool of its own so job polling never starves request handling.
 */
export async function startJobQueue(
  database: Database,
  log: JobLogger,
  opts: { pollingIntervalSeconds?: number; countEverySeconds?: number } = {},
): Promise<JobQueue> {
  // The monitor pass that keeps `counts()` runs with supervision; both default to once a minute.
  const counting = opts.countEverySeconds
    ? { superviseIntervalSeconds: opts.countEverySeconds, monitorIntervalSeconds: opts.countEverySeconds }
    : {};
  const boss = database.pglite
    ? new PgBoss({ db: fromPglite(database.pglite), backend: 'pglite', ...counting })
    : new PgBoss({ connectionString: database.pool?.options.connectionString, max: 4, ...counting });
  boss.on('error', (err: Error) => log.error({ err: { message: err.message } }, 'job queue error'));
  await boss.start();

  const created = new Map<string, Promise<void>>();
  const ensureQueue = (name: string, o: RetryOptions = {}) => {
    let p = created.get(name);
    if (!p) {
      p = boss.getQueue(name).then(async (q) => {
        if (!q) await boss.createQueue(name, queueOptions(o));
      });
      created.set(name, p);
    }
    return p;
  };
  const workers = new Map<string, string[]>();
  const polling = opts.pollingIntervalSeconds ?? 1;

  return {
    async enqueue(name, data, o = {}) {
      await ensureQueue(name, o);
      const retry = o.retryLimit !== undefined || o.retryDelaySeconds !== undefined ? queueOptions(o) : {};
      const id = await boss.send(name, data, {
        ...retry,
        ...(o.startAfterSeconds ? { startAfter: o.startAfterSeconds } : {}),
        ...(o.singletonKey ? { singletonKey: o.singletonKey } : {}),
        ...(o.tx ? { db: fromDrizzle(o.tx as Parameters<typeof fromDrizzle>[0], sql) } : {}),
      });
      // A job sent inside a transaction is not visible before commit; the next poll picks it up.
      if (!o.tx) for (const w of workers.get(name) ?? []) boss.notifyWorker(w);
      return id;
    },
    async work(name, handler, o = {}) {
      await ensureQueue(name, o);
      const ids: string[] = [];
      for (let i = 0; i < (o.concurrency ?? 4); i++) {
        const id = await boss.work<object>(
          name,
          { pollingIntervalSeconds: polling, batchSize: 1 },
          async ([job]) => {
            if (job) await handler(job.data as never, { id: job.id, retryCount: job.retryCount });
          },
        );
        ids.push(id);
      }
      workers.set(name, ids);
    },
    async counts() {
      return (await boss.getQueues()).map((q) => ({
        queue: q.name,
        ready: q.readyCount,
        deferred: q.deferredCount,
        active: q.activeCount,
        failed: q.failedCount,
      }));
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

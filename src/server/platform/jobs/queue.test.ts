import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { eventually } from '../../../../test/helpers/poll.js';
import { type JobQueue, startJobQueue } from './queue.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;
let jobs: JobQueue;
const errors: object[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  jobs = await startJobQueue(
    database,
    { error: (o) => errors.push(o), warn: () => {} },
    // Counted every second, not every minute, so `counts()` can be waited for.
    { pollingIntervalSeconds: 0.5, countEverySeconds: 1 },
  );
});
afterAll(async () => {
  await jobs.stop();
  await database.drop();
});

/** Resolves when `pred` holds, polling; rejects after the deadline. */
describe('job queue', () => {
  it('runs an enqueued job with its data', async () => {
    const seen: unknown[] = [];
    await jobs.work<{ n: number }>('test-run', async (data) => {
      seen.push(data.n);
    });
    await jobs.enqueue('test-run', { n: 7 });
    await eventually(() => seen.length === 1);
    expect(seen).toEqual([7]);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const attempts: number[] = [];
    await jobs.work<{ k: string }>(
      'test-retry',
      async (_data, job) => {
        attempts.push(job.retryCount);
        if (job.retryCount < 2) throw new Error('transient');
      },
      { retryLimit: 3, retryDelaySeconds: 1 },
    );
    await jobs.enqueue('test-retry', { k: 'x' });
    await eventually(() => attempts.length === 3, 25_000);
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('enqueues inside a transaction: a rollback leaves no job, a commit does', async () => {
    const seen: string[] = [];
    await jobs.work<{ tag: string }>('test-tx', async (d) => {
      seen.push(d.tag);
    });
    await database.db
      .transaction(async (tx) => {
        await jobs.enqueue('test-tx', { tag: 'rolled-back' }, { tx });
        throw new Error('abort');
      })
      .catch(() => {});
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await jobs.enqueue('test-tx', { tag: 'committed' }, { tx });
    });
    await eventually(() => seen.length >= 1);
    // One more poll cycle: a leaked rolled-back job would have shown up by now.
    await jobs.enqueue('test-tx', { tag: 'marker' });
    await eventually(() => seen.includes('marker'));
    expect(seen.sort()).toEqual(['committed', 'marker']);
    expect(errors).toEqual([]);
  });

  it('counts each queue’s ready, deferred, active and failed jobs at the monitor’s pass', async () => {
    await jobs.enqueue('test-idle', { n: 1 });
    await jobs.enqueue('test-idle', { n: 2 });
    await jobs.enqueue('test-idle', { n: 3 }, { startAfterSeconds: 3600 });
    let ran = 0;
    await jobs.work(
      'test-failing',
      async () => {
        ran++;
        throw new Error('the provider refused it');
      },
      { retryLimit: 0 },
    );
    await jobs.enqueue('test-failing', { n: 4 });
    const counted = await eventually(
      async () => {
        const all = await jobs.counts();
        const of = (q: string) => all.find((c) => c.queue === q);
        return of('test-failing')?.failed === 1 && of('test-idle')?.ready === 2 ? of : null;
      },
      20_000,
      'the monitor to count the queues',
    );
    expect(ran).toBe(1);
    expect(counted('test-idle')).toEqual({ queue: 'test-idle', ready: 2, deferred: 1, active: 0, failed: 0 });
    expect(counted('test-failing')).toMatchObject({ ready: 0, deferred: 0, active: 0, failed: 1 });
    expect(errors).toEqual([]);
  });
});

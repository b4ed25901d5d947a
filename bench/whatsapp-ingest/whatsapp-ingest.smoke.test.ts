import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/db.js';
import { measureBaseline } from './baseline.js';
import { measureIngest } from './ingest.js';
import { hasWrk } from './load.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

// A tiny run of the bench so it never rots; the figures themselves come from `npm run bench:whatsapp-ingest`.
describe('bench whatsapp-ingest (smoke)', () => {
  it('ingests signed webhooks through HTTP and, on PostgreSQL, with a worker process and the baseline', {
    timeout: 120_000,
  }, async () => {
    // Both load generators: wrk where it is installed, the Node worker everywhere.
    for (const tool of hasWrk() ? (['wrk', 'node'] as const) : (['node'] as const)) {
      const r = await measureIngest(database, { count: 100, concurrency: 8, phones: 10, warmup: 20, tool });
      expect(r, tool).toMatchObject({ count: 100, errors: 0, tool });
      expect(r.perSecond).toBeGreaterThan(0);
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
      expect(r.drainSeconds).toBeGreaterThanOrEqual(r.seconds);
      expect(r.bare.perSecond).toBeGreaterThan(0);
    }
    if (database.url) {
      // The production shape: this process as the API, a `prm start` child as the worker.
      const split = await measureIngest(database, {
        count: 100,
        concurrency: 8,
        phones: 10,
        warmup: 20,
        shape: 'split',
      });
      expect(split).toMatchObject({ count: 100, errors: 0, shape: 'split' });
      expect(split.drainSeconds).toBeGreaterThanOrEqual(split.seconds);
      const b = await measureBaseline(database.url, { seconds: 1, clients: 2 });
      expect(b.perSecond).toBeGreaterThan(0);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/db.js';
import { measureBaseline } from './baseline.js';
import { measureIngest } from './ingest.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

// A tiny run of the bench so it never rots; the figures themselves come from `npm run bench:whatsapp-ingest`.
describe('bench whatsapp-ingest (smoke)', () => {
  it('ingests signed webhooks through HTTP and, on PostgreSQL, measures the baseline', async () => {
    const r = await measureIngest(database, { count: 100, concurrency: 8, phones: 10 });
    expect(r).toMatchObject({ count: 100, errors: 0 });
    expect(r.perSecond).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    if (database.url) {
      const b = await measureBaseline(database.url, { seconds: 1, clients: 2 });
      expect(b.perSecond).toBeGreaterThan(0);
    }
  });
});

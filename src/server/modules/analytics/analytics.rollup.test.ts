import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestTenant } from '../../../../test/helpers/app.js';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { eventually } from '../../../../test/helpers/poll.js';
import { conversations, patients } from '../../platform/db/schema/index.js';
import { latestChange } from './analytics.repository.js';
import { RollupFolder } from './analytics.rollup.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let tenant: TestTenant;
const log = { error: (o: object) => expect.fail(JSON.stringify(o)) } as unknown as FastifyBaseLogger;
let phones = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
});
afterAll(() => database.drop());

/** A base-table write (its trigger marks the tenant's conversation facts dirty), then a kick, as LISTEN does. */
async function change(folder: RollupFolder) {
  const [patient] = await database.db
    .insert(patients)
    .values({ tenant_id: tenant.id, phone: `+9198100${String(++phones).padStart(5, '0')}`, full_name: 'P' })
    .returning();
  await database.db
    .insert(conversations)
    .values({ tenant_id: tenant.id, patient_id: patient?.id as string, channel: 'whatsapp' });
  folder.kick();
}

/** How long after `since` the next fold of the tenant's changes lands. */
async function nextFoldAfter(since: number, before: number) {
  await eventually(async () => (await latestChange(database.db, tenant.id)) > before, 10_000, 'a fold');
  return performance.now() - since;
}

describe('analytics fold loop', () => {
  it('folds at most once per rest while webhooks arrive in a burst, and at once when they do not', async () => {
    let burst = true;
    const folder = new RollupFolder(database, log, 60_000, { busy: () => burst }, 1000);
    try {
      let seen = await latestChange(database.db, tenant.id);
      const t0 = performance.now();
      await change(folder);
      // The first fold of a burst is not held back; the next waits out the rest after it.
      expect(await nextFoldAfter(t0, seen)).toBeLessThan(1000);
      seen = await latestChange(database.db, tenant.id);
      await change(folder);
      expect(await nextFoldAfter(t0, seen)).toBeGreaterThanOrEqual(990);

      burst = false;
      seen = await latestChange(database.db, tenant.id);
      const t1 = performance.now();
      await change(folder);
      expect(await nextFoldAfter(t1, seen)).toBeLessThan(1000);
    } finally {
      await folder.stop();
    }
  });
});

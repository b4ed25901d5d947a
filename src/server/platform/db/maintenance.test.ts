import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { startMaintenance } from './maintenance.js';
import { rowsOf } from './rows.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const estimatedRows = async (table: string) => {
  const [row] = await rowsOf<{ n: number }>(
    database.db,
    sql`select reltuples::float8 as n from pg_class where relname = ${table}`,
  );
  return row?.n;
};

async function maintain(bulkLoaded: boolean) {
  const errors: object[] = [];
  const maintenance = startMaintenance(database, { error: (o) => errors.push(o) }, { bulkLoaded }, 60_000);
  await maintenance.first;
  maintenance.stop();
  expect(errors).toEqual([]);
}

describe('database maintenance', () => {
  it('analyzes after a bulk load, on PGlite and on a PostgreSQL server alike', async () => {
    await database.db.execute(sql`create table bulk_probe as select g as id from generate_series(1, 1200) g`);
    await maintain(true);
    expect(await estimatedRows('bulk_probe')).toBe(1200);
  });

  // On a PostgreSQL server autovacuum analyzes the table on its own schedule: nothing to observe there.
  it.skipIf(process.env.TEST_DATABASE_URL)(
    'gives the planner statistics at every start on PGlite, where autovacuum never runs',
    async () => {
      await database.db.execute(
        sql`create table maintenance_probe as select g as id from generate_series(1, 2500) g`,
      );
      expect(await estimatedRows('maintenance_probe')).toBeLessThan(1);
      await maintain(false);
      expect(await estimatedRows('maintenance_probe')).toBe(2500);
    },
  );
});

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

  it.skipIf(process.env.TEST_DATABASE_URL)(
    'vacuums every table on PGlite, one at a time, the event loop turning between them',
    async () => {
      const started = new Date(Date.now() - 1000);
      const maintenance = startMaintenance(
        database,
        { error: (o) => expect.fail(JSON.stringify(o)) },
        {
          bulkLoaded: false,
        },
      );
      await maintenance.first;
      maintenance.stop();
      let turns = 0;
      let counting = true;
      const count = () => {
        turns++;
        if (counting) setImmediate(count);
      };
      setImmediate(count);
      await maintenance.vacuum();
      counting = false;
      const tables = await rowsOf<{ name: string; last_vacuum: Date | string | null }>(
        database.db,
        sql`select relname as name, last_vacuum from pg_stat_user_tables`,
      );
      expect(tables.length).toBeGreaterThan(20);
      for (const t of tables)
        expect({
          name: t.name,
          vacuumed: t.last_vacuum !== null && new Date(t.last_vacuum) >= started,
        }).toEqual({
          name: t.name,
          vacuumed: true,
        });
      // One VACUUM of the whole database would leave a turn or two; one per table leaves one each.
      expect(turns).toBeGreaterThanOrEqual(tables.length);
    },
  );
});

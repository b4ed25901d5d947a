import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { startEmbeddedMaintenance } from './maintenance.js';
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

// On a PostgreSQL server autovacuum analyzes the table on its own schedule: nothing to observe there.
describe.skipIf(process.env.TEST_DATABASE_URL)('embedded database maintenance', () => {
  it('gives the planner statistics at start on PGlite, where autovacuum never runs', async () => {
    await database.db.execute(
      sql`create table maintenance_probe as select g as id from generate_series(1, 2500) g`,
    );
    expect(await estimatedRows('maintenance_probe')).toBeLessThan(1);
    const errors: object[] = [];
    const maintenance = startEmbeddedMaintenance(database, { error: (o) => errors.push(o) }, 60_000);
    await maintenance.first;
    maintenance.stop();
    expect(errors).toEqual([]);
    expect(await estimatedRows('maintenance_probe')).toBe(2500);
  });
});

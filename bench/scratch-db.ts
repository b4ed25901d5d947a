import { createTestDatabase } from '../test/helpers/db.js';

/** A fresh, migrated PostgreSQL database for one benchmark run (dropped by `drop`), on BENCH_DATABASE_URL. */
export function scratchDatabase() {
  process.env.TEST_DATABASE_URL =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  return createTestDatabase();
}

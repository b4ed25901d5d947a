import { sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { safeErrorForLog } from './errors.js';

/** Statistics for the planner: without them it can pick an index that filters every row of a table. */
export async function analyze(database: Database) {
  await database.db.execute(sql`analyze`);
}

const EMBEDDED_EVERY_MS = 60 * 60_000;

/**
 * Embedded PGlite runs PostgreSQL in single-user mode, so autovacuum never runs: dead rows are never
 * reclaimed and the planner never gets statistics. The server does that work itself: a (sampled, quick)
 * ANALYZE at start, VACUUM ANALYZE every hour. On a PostgreSQL server autovacuum does it; nothing starts.
 */
export function startEmbeddedMaintenance(
  database: Database,
  log: { error(obj: object, msg: string): void },
  everyMs = EMBEDDED_EVERY_MS,
) {
  if (database.kind !== 'pglite') return { first: Promise.resolve(), stop: () => {} };
  const run = (statement: 'analyze' | 'vacuum analyze') =>
    database.db.execute(sql.raw(statement)).then(
      () => {},
      (err) => log.error({ err: safeErrorForLog(err) }, 'embedded database maintenance failed'),
    );
  const timer = setInterval(() => void run('vacuum analyze'), everyMs);
  timer.unref();
  return { first: run('analyze'), stop: () => clearInterval(timer) };
}

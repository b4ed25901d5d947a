import { sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { safeErrorForLog } from './errors.js';

const EMBEDDED_EVERY_MS = 60 * 60_000;

/**
 * Planner statistics and dead-row cleanup; without statistics the planner can pick an index that filters
 * every row of a table. On a PostgreSQL server autovacuum does both, so only a bulk load (the demo seed) is
 * analyzed now rather than a minute later. Embedded PGlite runs PostgreSQL in single-user mode, where
 * autovacuum never runs, so the server does the work itself: a (sampled, quick) ANALYZE at start and
 * VACUUM ANALYZE every hour.
 */
export function startMaintenance(
  database: Database,
  log: { error(obj: object, msg: string): void },
  opts: { bulkLoaded: boolean },
  everyMs = EMBEDDED_EVERY_MS,
) {
  const run = (statement: 'analyze' | 'vacuum analyze') =>
    database.db.execute(sql.raw(statement)).then(
      () => {},
      (err) => log.error({ err: safeErrorForLog(err) }, 'database maintenance failed'),
    );
  if (database.kind !== 'pglite')
    return { first: opts.bulkLoaded ? run('analyze') : Promise.resolve(), stop: () => {} };
  const timer = setInterval(() => void run('vacuum analyze'), everyMs);
  timer.unref();
  return { first: run('analyze'), stop: () => clearInterval(timer) };
}

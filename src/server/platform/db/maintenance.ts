import { sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { safeErrorForLog } from './errors.js';
import { rowsOf } from './rows.js';

const EMBEDDED_EVERY_MS = 60 * 60_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PGlite runs in this thread: while a VACUUM works, nothing else does. The whole database at once held
 * the demo's event loop for 0.5–0.6 s; table by table, with a turn of the event loop between them, the
 * longest hold is the largest table's (0.15 s).
 */
async function vacuumEachTable(database: Database) {
  const tables = await rowsOf<{ name: string }>(
    database.db,
    sql`select format('%I.%I', schemaname, relname) as name from pg_stat_user_tables order by 1`,
  );
  for (const { name } of tables) {
    await database.db.execute(sql.raw(`vacuum analyze ${name}`));
    await nextTurn();
  }
}

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
  const logged = (work: Promise<unknown>) =>
    work.then(
      () => {},
      (err) => log.error({ err: safeErrorForLog(err) }, 'database maintenance failed'),
    );
  const analyze = () => logged(database.db.execute(sql`analyze`));
  const vacuum = () => logged(vacuumEachTable(database));
  if (database.kind !== 'pglite')
    return { first: opts.bulkLoaded ? analyze() : Promise.resolve(), vacuum, stop: () => {} };
  const timer = setInterval(() => void vacuum(), everyMs);
  timer.unref();
  return { first: analyze(), vacuum, stop: () => clearInterval(timer) };
}

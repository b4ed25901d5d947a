import { sql } from 'drizzle-orm';
import { ANALYTICS_TRIGGERS_SQL } from '../../modules/analytics/analytics.triggers.js';
import type { Db } from './client.js';

/**
 * Database objects drizzle-kit does not model (functions, triggers). They live in code, not in the
 * generated migration, so `npm run db:generate` can regenerate 0000_init without losing them; every
 * statement is idempotent and runs after the migrations on each `migrate()` (docs/decisions/0500).
 */
const DERIVED_SQL: string[] = [...ANALYTICS_TRIGGERS_SQL];

export async function applyDerivedSql(db: Db) {
  await db.transaction(async (tx) => {
    // Two processes starting at once must not replace the same function concurrently.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('prm.derived_sql'))`);
    for (const statement of DERIVED_SQL) await tx.execute(sql.raw(statement));
  });
}

import type { Database } from './client.js';

/**
 * Rows of a named statement: PostgreSQL parses and plans it once per connection instead of on every call,
 * which on a hot path (the webhook ledger's group commit) is a measurable share of each call. PGlite runs
 * in-process, where there is no round trip or re-plan worth saving.
 */
export async function preparedRows<T>(
  database: Pick<Database, 'pool' | 'pglite'>,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  if (database.pool) return (await database.pool.query({ name, text, values })).rows as T[];
  if (database.pglite) return (await database.pglite.query<T>(text, values)).rows;
  throw new Error('database has neither a pool nor PGlite');
}

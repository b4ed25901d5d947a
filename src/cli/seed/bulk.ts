import { sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../server/platform/db/client.js';

/**
 * Insert many rows with one parameter: the rows as JSON, expanded by json_to_recordset. The same SQL runs on
 * PostgreSQL and PGlite, and avoids the 65,535-parameter limit of a multi-row VALUES.
 * Every row must have the same keys (column names); absent keys are not defaulted.
 */
export async function bulkInsert(db: DbOrTx, table: PgTable, rows: Record<string, unknown>[]) {
  const first = rows[0];
  if (!first) return;
  const cfg = getTableConfig(table);
  const keys = Object.keys(first);
  const types = keys.map((k) => {
    const col = cfg.columns.find((c) => c.name === k);
    if (!col) throw new Error(`${cfg.name} has no column ${k}`);
    return `"${k}" ${col.getSQLType()}`;
  });
  const cols = keys.map((k) => `"${k}"`).join(', ');
  const json = JSON.stringify(rows);
  await db.execute(
    sql`insert into ${sql.raw(`"${cfg.name}" (${cols})`)} select ${sql.raw(cols)} from json_to_recordset(${json}::json) as x(${sql.raw(types.join(', '))})`,
  );
}

/**
 * Buffers rows per table and writes them in batches. When any buffer is full every table is flushed, in
 * dependency order, so a row is never written before the rows it references.
 */
export class BatchWriter {
  private buffers = new Map<PgTable, Record<string, unknown>[]>();
  private pending = 0;
  constructor(
    private readonly db: DbOrTx,
    private readonly order: PgTable[],
    private readonly onWrite: (table: string, n: number) => void,
    private readonly batchSize = 5000,
  ) {
    for (const t of order) this.buffers.set(t, []);
  }

  async add(table: PgTable, row: Record<string, unknown>) {
    const buf = this.buffers.get(table);
    if (!buf) throw new Error(`${getTableConfig(table).name} is not in the writer's order`);
    buf.push(row);
    if (++this.pending >= this.batchSize) await this.flush();
  }

  async flush() {
    for (const table of this.order) {
      const buf = this.buffers.get(table) ?? [];
      if (!buf.length) continue;
      this.buffers.set(table, []);
      await bulkInsert(this.db, table, buf);
      this.onWrite(getTableConfig(table).name, buf.length);
    }
    this.pending = 0;
  }
}

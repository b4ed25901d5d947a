import { and, asc, eq, gt, ilike } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { escapeLike } from '../../platform/db/like.js';
import { departments, locations, practitioners } from '../../platform/db/schema/index.js';

/** The three directory tables share id, tenant_id and name, so one set of queries serves them all. */
export type DirectoryTable = typeof departments | typeof locations | typeof practitioners;
export const directoryTables = { departments, locations, practitioners } as const;
export type DirectoryKind = keyof typeof directoryTables;

// drizzle cannot type a union of tables in one query; the rows are narrowed by the caller's schema.
const t = (kind: DirectoryKind) => directoryTables[kind] as typeof practitioners;

export function listEntries(
  db: DbOrTx,
  kind: DirectoryKind,
  tenantId: string,
  opts: { q?: string | undefined; after?: string | undefined; limit: number },
) {
  const table = t(kind);
  return db
    .select()
    .from(table)
    .where(
      and(
        eq(table.tenant_id, tenantId),
        opts.q ? ilike(table.name, `%${escapeLike(opts.q)}%`) : undefined,
        opts.after ? gt(table.id, opts.after) : undefined,
      ),
    )
    .orderBy(asc(table.id))
    .limit(opts.limit + 1);
}

export async function findEntry(db: DbOrTx, kind: DirectoryKind, tenantId: string, id: string) {
  const table = t(kind);
  const [row] = await db
    .select()
    .from(table)
    .where(and(eq(table.tenant_id, tenantId), eq(table.id, id)));
  return row ?? null;
}

export async function insertEntry(
  db: DbOrTx,
  kind: DirectoryKind,
  tenantId: string,
  values: { name: string },
) {
  const [row] = await db
    .insert(t(kind))
    .values({ ...values, tenant_id: tenantId })
    .returning();
  return row;
}

export async function updateEntry(
  db: DbOrTx,
  kind: DirectoryKind,
  tenantId: string,
  id: string,
  values: object,
) {
  const table = t(kind);
  const [row] = await db
    .update(table)
    .set(values)
    .where(and(eq(table.tenant_id, tenantId), eq(table.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteEntry(db: DbOrTx, kind: DirectoryKind, tenantId: string, id: string) {
  const table = t(kind);
  const rows = await db
    .delete(table)
    .where(and(eq(table.tenant_id, tenantId), eq(table.id, id)))
    .returning({ id: table.id });
  return rows.length > 0;
}

import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { apiKeys } from '../../platform/db/schema/index.js';

const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  role: apiKeys.role,
  prefix: apiKeys.prefix,
  last_used_at: apiKeys.last_used_at,
  revoked_at: apiKeys.revoked_at,
  created_at: apiKeys.created_at,
};

export const listApiKeys = (db: DbOrTx, tenantId: string) =>
  db.select(publicColumns).from(apiKeys).where(eq(apiKeys.tenant_id, tenantId)).orderBy(desc(apiKeys.id));

export async function insertApiKey(
  db: DbOrTx,
  tenantId: string,
  values: Omit<typeof apiKeys.$inferInsert, 'id' | 'tenant_id'>,
) {
  const [row] = await db
    .insert(apiKeys)
    .values({ ...values, tenant_id: tenantId })
    .returning(publicColumns);
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function revokeApiKey(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db
    .update(apiKeys)
    .set({ revoked_at: new Date() })
    .where(and(eq(apiKeys.tenant_id, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revoked_at)))
    .returning(publicColumns);
  return row ?? null;
}

import { and, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { organizations, sessions, users } from '../../platform/db/schema/index.js';

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row ?? null;
}

export async function findUser(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenant_id, tenantId), eq(users.id, id)));
  return row ?? null;
}

export async function findOrganization(db: DbOrTx, tenantId: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, tenantId));
  return row ?? null;
}

export async function insertSession(
  db: DbOrTx,
  tenantId: string,
  values: { user_id: string; token_hash: string; expires_at: Date },
) {
  await db.insert(sessions).values({ ...values, tenant_id: tenantId });
  // Expired sessions are swept as new ones are made: no separate cleaner needed.
  await db.delete(sessions).where(and(eq(sessions.tenant_id, tenantId), lt(sessions.expires_at, new Date())));
}

export async function deleteSession(db: DbOrTx, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.token_hash, tokenHash));
}

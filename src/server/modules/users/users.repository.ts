import { and, asc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { sessions, users } from '../../platform/db/schema/index.js';

type UserInsert = Omit<typeof users.$inferInsert, 'id' | 'tenant_id'>;

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabled_at: users.disabled_at,
  created_at: users.created_at,
};

export function listUsers(db: DbOrTx, tenantId: string, after: string | undefined, limit: number) {
  return db
    .select(publicColumns)
    .from(users)
    .where(and(eq(users.tenant_id, tenantId), after ? gt(users.id, after) : undefined))
    .orderBy(asc(users.id))
    .limit(limit + 1);
}

export async function findUser(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db
    .select(publicColumns)
    .from(users)
    .where(and(eq(users.tenant_id, tenantId), eq(users.id, id)));
  return row ?? null;
}

export async function insertUser(db: DbOrTx, tenantId: string, values: UserInsert) {
  const [row] = await db
    .insert(users)
    .values({ ...values, tenant_id: tenantId })
    .returning(publicColumns);
  return row;
}

export async function updateUser(db: DbOrTx, tenantId: string, id: string, values: Partial<UserInsert>) {
  const [row] = await db
    .update(users)
    .set(values)
    .where(and(eq(users.tenant_id, tenantId), eq(users.id, id)))
    .returning(publicColumns);
  return row ?? null;
}

export async function deleteSessionsOf(db: DbOrTx, tenantId: string, userId: string) {
  await db.delete(sessions).where(and(eq(sessions.tenant_id, tenantId), eq(sessions.user_id, userId)));
}

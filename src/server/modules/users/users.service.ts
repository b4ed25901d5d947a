import type { z } from 'zod';
import { hashPassword } from '../../platform/auth/crypto.js';
import { ADMIN, assertRole, type Ctx } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import * as repo from './users.repository.js';
import type { userCreate, userUpdate } from './users.schemas.js';

export async function listUsers(db: Db, ctx: Ctx, q: { limit: number; cursor?: string | undefined }) {
  assertRole(ctx, ADMIN);
  const after = decodeCursor(q.cursor, 1)?.[0] as string | undefined;
  const rows = await repo.listUsers(db, ctx.principal.tenantId, after, q.limit);
  return toPage(rows, q.limit, (r) => [r.id]);
}

export async function getUser(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, ADMIN);
  const row = await repo.findUser(db, ctx.principal.tenantId, id);
  if (!row) throw notFound('User');
  return row;
}

export async function createUser(db: Db, ctx: Ctx, input: z.infer<typeof userCreate>) {
  assertRole(ctx, ADMIN);
  const { password, ...rest } = input;
  try {
    const row = await repo.insertUser(db, ctx.principal.tenantId, {
      ...rest,
      password_hash: await hashPassword(password),
    });
    if (!row) throw new Error('insert returned no row');
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('duplicate_email', 'A user with this e-mail already exists');
    throw err;
  }
}

export async function updateUser(db: Db, ctx: Ctx, id: string, input: z.infer<typeof userUpdate>) {
  assertRole(ctx, ADMIN);
  const tenantId = ctx.principal.tenantId;
  if (id === ctx.principal.userId && (input.disabled || (input.role && input.role !== 'admin')))
    throw conflict('self_lockout', 'You cannot disable yourself or remove your own admin role');
  const { password, disabled, ...rest } = input;
  return db.transaction(async (tx) => {
    const row = await repo.updateUser(tx, tenantId, id, {
      ...rest,
      ...(password ? { password_hash: await hashPassword(password) } : {}),
      ...(disabled === undefined ? {} : { disabled_at: disabled ? new Date() : null }),
    });
    if (!row) throw notFound('User');
    // A disabled user, a changed role or a new password ends every open session of that user.
    if (disabled || password || rest.role) await repo.deleteSessionsOf(tx, tenantId, id);
    return row;
  });
}

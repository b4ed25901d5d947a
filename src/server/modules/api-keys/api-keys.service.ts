import { randomToken, sha256 } from '../../platform/auth/crypto.js';
import { ADMIN, assertRole, type Ctx } from '../../platform/auth/principal.js';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import type { Role } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/http/errors.js';
import * as repo from './api-keys.repository.js';

/** Key format `prm_<prefix>_<secret>`: the prefix identifies a key in lists without revealing it. */
export async function issueApiKey(
  db: DbOrTx,
  tenantId: string,
  input: { name: string; role: Role },
  createdBy: string | null,
) {
  const prefix = randomToken(6);
  const key = `prm_${prefix}_${randomToken(32)}`;
  const row = await repo.insertApiKey(db, tenantId, {
    ...input,
    prefix,
    key_hash: sha256(key),
    created_by: createdBy,
  });
  return { ...row, key };
}

export async function createApiKey(db: Db, ctx: Ctx, input: { name: string; role: Role }) {
  assertRole(ctx, ADMIN);
  return issueApiKey(db, ctx.principal.tenantId, input, ctx.principal.userId);
}

export async function listApiKeys(db: Db, ctx: Ctx) {
  assertRole(ctx, ADMIN);
  return { data: await repo.listApiKeys(db, ctx.principal.tenantId) };
}

export async function revokeApiKey(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, ADMIN);
  const row = await repo.revokeApiKey(db, ctx.principal.tenantId, id);
  if (!row) throw notFound('API key');
  return row;
}

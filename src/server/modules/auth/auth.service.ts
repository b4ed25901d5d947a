import { DUMMY_HASH, randomToken, sha256, verifyPassword } from '../../platform/auth/crypto.js';
import type { Ctx, Principal } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import { unauthorized } from '../../platform/http/errors.js';
import * as repo from './auth.repository.js';

export async function login(db: Db, email: string, password: string, ttlHours: number) {
  const user = await repo.findUserByEmail(db, email);
  // Verify against a dummy hash for unknown users so response time does not reveal who has an account.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled_at) throw unauthorized('Invalid e-mail or password');
  const token = randomToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await repo.insertSession(db, user.tenant_id, {
    user_id: user.id,
    token_hash: sha256(token),
    expires_at: expiresAt,
  });
  const principal: Principal = {
    tenantId: user.tenant_id,
    role: user.role,
    actorType: 'user',
    actorId: user.id,
    userId: user.id,
  };
  return { token, expiresAt, principal };
}

export const logout = (db: Db, token: string) => repo.deleteSession(db, sha256(token));

export async function whoAmI(db: Db, ctx: Ctx) {
  const { principal } = ctx;
  const org = await repo.findOrganization(db, principal.tenantId);
  if (!org) throw unauthorized();
  const user = principal.userId ? await repo.findUser(db, principal.tenantId, principal.userId) : null;
  return {
    user: user && { id: user.id, email: user.email, name: user.name, role: user.role },
    principal: { actor_type: principal.actorType, actor_id: principal.actorId, role: principal.role },
    organization: {
      id: org.id,
      name: org.name,
      slug: org.slug,
      time_zone: org.time_zone,
      locale: org.locale,
    },
  };
}

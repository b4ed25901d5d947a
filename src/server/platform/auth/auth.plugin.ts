import { and, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { apiKeys, type Role, sessions, users } from '../db/schema/index.js';
import { forbidden, unauthorized } from '../http/errors.js';
import { sha256 } from './crypto.js';
import type { Ctx, Principal } from './principal.js';

export const SESSION_COOKIE = 'prm_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** 'public' skips authentication; a role list restricts the route. Default: any signed-in role. */
    auth?: 'public' | readonly Role[];
  }
}

/** The service context of an authenticated request. Routes call this; services never see the request. */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.principal) throw unauthorized();
  return { principal: request.principal, requestId: request.id };
}

/** The principal of a live API key, or null; also used by `prm mcp`, which has no HTTP request. */
export async function principalFromApiKey(db: Db, token: string): Promise<Principal | null> {
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.key_hash, sha256(token)), isNull(apiKeys.revoked_at)))
    .limit(1);
  if (!key) return null;
  // Touch at most once a minute: a write per request would make every read a write.
  if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > 60_000) {
    await db.update(apiKeys).set({ last_used_at: new Date() }).where(eq(apiKeys.id, key.id));
  }
  return { tenantId: key.tenant_id, role: key.role, actorType: 'api_key', actorId: key.id, userId: null };
}

async function fromSession(db: Db, token: string): Promise<Principal | null> {
  const [row] = await db
    .select({ tenantId: users.tenant_id, role: users.role, userId: users.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.user_id))
    .where(
      and(
        eq(sessions.token_hash, sha256(token)),
        gt(sessions.expires_at, new Date()),
        isNull(users.disabled_at),
      ),
    )
    .limit(1);
  if (!row) return null;
  return {
    tenantId: row.tenantId,
    role: row.role,
    actorType: 'user',
    actorId: row.userId,
    userId: row.userId,
  };
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config?.auth;
    if (request.is404 || rule === 'public') return;
    const header = request.headers.authorization;
    let principal: Principal | null = null;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m?.[1]) throw unauthorized('Malformed Authorization header; use "Bearer <api key>"');
      principal = await principalFromApiKey(opts.db, m[1]);
      if (!principal) throw unauthorized('Invalid or revoked API key');
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) principal = await fromSession(opts.db, token);
      if (!principal) throw unauthorized();
    }
    request.principal = principal;
    if (Array.isArray(rule) && !rule.includes(principal.role)) throw forbidden();
  });
});

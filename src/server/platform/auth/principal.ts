import type { Role } from '../db/schema/index.js';
import { forbidden } from '../http/errors.js';

export type Principal = {
  tenantId: string;
  role: Role;
  actorType: 'user' | 'api_key' | 'webhook';
  actorId: string;
  /** The human behind the request; absent for API keys. */
  userId: string | null;
};

/** What services get instead of the HTTP request: who acts, in which tenant, under which request id. */
export type Ctx = {
  principal: Principal;
  requestId: string;
  /** Set when an AI assistant acts on the principal's behalf, for the audit trail. */
  onBehalf?: 'assistant';
};

export const STAFF: readonly Role[] = ['admin', 'staff'];
export const ADMIN: readonly Role[] = ['admin'];
export const ANY: readonly Role[] = ['admin', 'staff', 'analyst'];

export function assertRole(ctx: Ctx, roles: readonly Role[]) {
  if (!roles.includes(ctx.principal.role)) throw forbidden();
}

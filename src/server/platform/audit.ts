import type { Ctx } from './auth/principal.js';
import type { DbOrTx } from './db/client.js';
import { auditLog } from './db/schema/index.js';

export type AuditAction =
  | 'read'
  | 'list'
  | 'create'
  | 'update'
  | 'delete'
  | 'merge'
  | 'search'
  | 'export'
  | 'tool_call';

/**
 * Who read or changed which patient data, when and why. Written in the caller's transaction so a change
 * and its audit row commit together.
 */
export async function audit(
  db: DbOrTx,
  ctx: Ctx,
  action: AuditAction,
  entityType: string,
  entityIds: (string | null)[],
  reason?: string,
) {
  if (entityIds.length === 0) return;
  const actorType = ctx.onBehalf ?? ctx.principal.actorType;
  // Work done by the assistant always names the human (or key) it acted for, whatever the reason given.
  const onBehalf = ctx.onBehalf
    ? `assistant acting for ${ctx.principal.actorType} ${ctx.principal.actorId}`
    : null;
  await db.insert(auditLog).values(
    entityIds.map((entity_id) => ({
      tenant_id: ctx.principal.tenantId,
      actor_type: actorType,
      actor_id: ctx.principal.userId ?? ctx.principal.actorId,
      action,
      entity_type: entityType,
      entity_id,
      request_id: ctx.requestId,
      reason: [onBehalf, reason].filter(Boolean).join(': ') || null,
    })),
  );
}

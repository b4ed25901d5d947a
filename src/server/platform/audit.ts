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

export type AuditActor = {
  tenantId: string;
  actorType: (typeof auditLog.$inferInsert)['actor_type'];
  actorId: string | null;
  requestId: string | null;
};

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
  const actor: AuditActor = {
    tenantId: ctx.principal.tenantId,
    actorType: ctx.onBehalf ?? ctx.principal.actorType,
    actorId: ctx.principal.userId ?? ctx.principal.actorId,
    requestId: ctx.requestId,
  };
  // Work done by the assistant always names the human (or key) it acted for, whatever the reason given.
  const onBehalf = ctx.onBehalf
    ? `assistant acting for ${ctx.principal.actorType} ${ctx.principal.actorId}`
    : undefined;
  await auditAs(
    db,
    actor,
    action,
    entityType,
    entityIds,
    [onBehalf, reason].filter(Boolean).join(': ') || undefined,
  );
}

/** The same record for actors without a principal: verified webhooks and the system itself. */
export async function auditAs(
  db: DbOrTx,
  actor: AuditActor,
  action: AuditAction,
  entityType: string,
  entityIds: (string | null)[],
  reason?: string,
) {
  await auditEach(
    db,
    entityIds.map((entityId) => ({ actor, action, entityType, entityId, reason })),
  );
}

export type AuditRecord = {
  actor: AuditActor;
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  reason?: string | undefined;
};

/** Several records, each with its own actor, in one statement. */
export async function auditEach(db: DbOrTx, records: AuditRecord[]) {
  if (records.length === 0) return;
  await db.insert(auditLog).values(
    records.map(({ actor, action, entityType, entityId, reason }) => ({
      tenant_id: actor.tenantId,
      actor_type: actor.actorType,
      actor_id: actor.actorId,
      action,
      entity_type: entityType,
      entity_id: entityId,
      request_id: actor.requestId,
      reason: reason ?? null,
    })),
  );
}

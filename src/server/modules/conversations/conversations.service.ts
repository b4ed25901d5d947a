import { audit } from '../../platform/audit.js';
import { assertRole, type Ctx, STAFF } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import { publishEvent } from '../../platform/events/bus.js';
import { badRequest, notFound } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import * as repo from './conversations.repository.js';
import type { ConversationQuery } from './conversations.schemas.js';

const WINDOW_MS = 24 * 60 * 60 * 1000;

type Row = NonNullable<Awaited<ReturnType<typeof repo.findConversation>>>;

function present(row: Row & { activity_key?: string }) {
  const {
    patient_name,
    patient_phone,
    patient_whatsapp_consent,
    tenant_id: _t,
    activity_key: _k,
    ...c
  } = row;
  const until = c.last_inbound_at ? new Date(c.last_inbound_at.getTime() + WINDOW_MS) : null;
  return {
    ...c,
    patient: {
      id: c.patient_id,
      full_name: patient_name,
      phone: patient_phone,
      whatsapp_consent: patient_whatsapp_consent,
    },
    reply_window_ends_at: until && until.getTime() > Date.now() ? until : null,
  };
}

export async function listConversations(db: Db, ctx: Ctx, q: ConversationQuery) {
  assertRole(ctx, STAFF);
  const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
  const assignee = q.assignee_id === 'me' ? (ctx.principal.userId ?? 'none') : q.assignee_id;
  const rows = await repo.listConversations(db, ctx.principal.tenantId, { ...q, assignee, after });
  const page = toPage(rows, q.limit, (r) => [r.activity_key, r.id]);
  await audit(
    db,
    ctx,
    q.q ? 'search' : 'list',
    'conversation',
    page.data.map((r) => r.id),
  );
  return { data: page.data.map(present), next_cursor: page.next_cursor };
}

export async function getConversation(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, STAFF);
  const row = await repo.findConversation(db, ctx.principal.tenantId, id);
  if (!row) throw notFound('Conversation');
  await audit(db, ctx, 'read', 'conversation', [row.id]);
  return present(row);
}

export async function listMessages(
  db: Db,
  ctx: Ctx,
  id: string,
  q: { limit: number; cursor?: string | undefined },
) {
  assertRole(ctx, STAFF);
  const tenantId = ctx.principal.tenantId;
  if (!(await repo.findConversation(db, tenantId, id))) throw notFound('Conversation');
  const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
  const rows = await repo.listMessages(db, tenantId, id, { after, limit: q.limit });
  const page = toPage(rows, q.limit, (r) => [r.created_at.toISOString(), r.id]);
  const ids = page.data.flatMap((m) => m.media.flatMap((item) => (item.id ? [item.id] : [])));
  const statuses = await repo.mediaStatuses(db, tenantId, ids);
  await audit(db, ctx, 'read', 'conversation', [id], `${page.data.length} messages`);
  return {
    ...page,
    data: page.data.map((m) => ({
      ...m,
      media: m.media.map((item) => (item.id ? { ...item, status: statuses.get(item.id) } : item)),
    })),
  };
}

type Change = Parameters<typeof repo.updateConversation>[3];

async function change(db: Db, ctx: Ctx, id: string, values: Change, what: string) {
  const tenantId = ctx.principal.tenantId;
  return db.transaction(async (tx) => {
    const row = await repo.updateConversation(tx, tenantId, id, values);
    if (!row) throw notFound('Conversation');
    await audit(tx, ctx, 'update', 'conversation', [id], what);
    await publishEvent(tx, {
      tenant_id: tenantId,
      type: 'conversation.updated',
      data: { conversation_id: id, change: what },
    });
    return present((await repo.findConversation(tx, tenantId, id)) as Row);
  });
}

export async function assignConversation(db: Db, ctx: Ctx, id: string, assigneeId: string | null) {
  assertRole(ctx, STAFF);
  if (assigneeId && !(await repo.findActiveUser(db, ctx.principal.tenantId, assigneeId)))
    throw badRequest('No active user with this id in your organisation', [
      { field: 'body.assignee_id', message: 'Unknown user' },
    ]);
  return change(db, ctx, id, { assignee_id: assigneeId }, assigneeId ? 'assigned' : 'unassigned');
}

export async function closeConversation(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, STAFF);
  return change(db, ctx, id, { status: 'closed', closed_at: new Date() }, 'closed');
}

export async function reopenConversation(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, STAFF);
  return change(db, ctx, id, { status: 'open', closed_at: null, opened_at: new Date() }, 'reopened');
}

export async function markRead(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, STAFF);
  return change(db, ctx, id, { unread_count: 0 }, 'read');
}

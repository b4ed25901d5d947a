import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  ilike,
  inArray,
  isNull,
  lt,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { escapeLike } from '../../platform/db/like.js';
import { conversations, messageMedia, messages, patients, users } from '../../platform/db/schema/index.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
type MediaStatus = (typeof messageMedia.$inferSelect)['status'];
type Channel = ConversationRow['channel'];

/**
 * The patient's conversation on a channel, the open one first. Callers hold the patient's row lock
 * (lockPatient), so two first messages of one patient cannot both miss it and create two.
 */
export async function findPatientConversation(
  db: DbOrTx,
  tenantId: string,
  patientId: string,
  channel: Channel,
) {
  return (await findPatientConversations(db, tenantId, [patientId], channel)).get(patientId) ?? null;
}

async function findPatientConversations(
  db: DbOrTx,
  tenantId: string,
  patientIds: string[],
  channel: Channel,
) {
  const rows = await db
    .selectDistinctOn([conversations.patient_id])
    .from(conversations)
    .where(
      and(
        eq(conversations.tenant_id, tenantId),
        inArray(conversations.patient_id, patientIds),
        eq(conversations.channel, channel),
      ),
    )
    .orderBy(
      conversations.patient_id,
      sql`${conversations.status} = 'open' desc`,
      desc(conversations.last_message_at),
    );
  return new Map(rows.map((r) => [r.patient_id, r]));
}

/** Find the patient's conversation or start one; a closed one is reopened. Needs the patient lock. */
export async function openPatientConversation(
  db: DbOrTx,
  tenantId: string,
  patientId: string,
  channel: Channel,
) {
  const conversation = (await openPatientConversations(db, tenantId, [patientId], channel)).get(patientId);
  return { conversation: conversation as ConversationRow };
}

/** The same for many patients at once, three statements at most; needs each patient's lock. */
export async function openPatientConversations(
  db: DbOrTx,
  tenantId: string,
  patientIds: string[],
  channel: Channel,
) {
  const out = await findPatientConversations(db, tenantId, patientIds, channel);
  const missing = patientIds.filter((id) => !out.has(id));
  if (missing.length > 0) {
    const created = await db
      .insert(conversations)
      .values(missing.map((patient_id) => ({ tenant_id: tenantId, patient_id, channel })))
      .returning();
    for (const row of created) out.set(row.patient_id, row);
  }
  const closed = [...out.values()].filter((c) => c.status !== 'open').map((c) => c.id);
  if (closed.length > 0) {
    const reopened = await db
      .update(conversations)
      .set({ status: 'open', closed_at: null, opened_at: new Date() })
      .where(and(eq(conversations.tenant_id, tenantId), inArray(conversations.id, closed)))
      .returning();
    for (const row of reopened) out.set(row.patient_id, row);
  }
  return out;
}

/** Record a new message on the conversation in one statement (no read-modify-write of the counter). */
export async function touchConversation(
  db: DbOrTx,
  tenantId: string,
  id: string,
  at: Date,
  direction: 'inbound' | 'outbound',
) {
  await touchConversations(db, tenantId, [{ id, at, count: 1 }], direction);
}

/** `count` new messages on each conversation, the latest at `at`, in one statement for all. */
export async function touchConversations(
  db: DbOrTx,
  tenantId: string,
  touches: { id: string; at: Date; count: number }[],
  direction: 'inbound' | 'outbound',
) {
  if (touches.length === 0) return;
  const t = sql`t`;
  const inbound = direction === 'inbound';
  await db
    .update(conversations)
    .set({
      last_message_at: sql`greatest(${conversations.last_message_at}, ${t}.at)`,
      ...(inbound
        ? {
            last_inbound_at: sql`greatest(${conversations.last_inbound_at}, ${t}.at)`,
            unread_count: sql`${conversations.unread_count} + ${t}.count`,
          }
        : {}),
    })
    .from(
      sql`json_to_recordset(${JSON.stringify(touches)}::json) as ${t}(id uuid, at timestamptz, count int)`,
    )
    .where(and(eq(conversations.tenant_id, tenantId), eq(conversations.id, sql`${t}.id`)));
}

const listColumns = {
  ...getTableColumns(conversations),
  patient_name: patients.full_name,
  patient_phone: patients.phone,
  patient_whatsapp_consent: patients.whatsapp_consent,
  assignee_name: users.name,
};

/** The assignee's name, for everyone who may see the conversation (only admins may list users). */
const assigneeOf = and(eq(users.tenant_id, conversations.tenant_id), eq(users.id, conversations.assignee_id));

export type ConversationListRow = Awaited<ReturnType<typeof findConversation>> & {};

export async function findConversation(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db
    .select(listColumns)
    .from(conversations)
    .innerJoin(patients, eq(patients.id, conversations.patient_id))
    .leftJoin(users, assigneeOf)
    .where(and(eq(conversations.tenant_id, tenantId), eq(conversations.id, id)));
  return row ?? null;
}

export type ConversationFilter = {
  status?: 'open' | 'closed' | undefined;
  assignee?: string | 'none' | undefined;
  unread?: boolean | undefined;
  channel?: Channel | undefined;
  patient_id?: string | undefined;
  q?: string | undefined;
  /** Keyset: conversations strictly after this (last activity, id) in newest-first order. */
  after?: [string, string] | undefined;
  limit: number;
};

/** Newest activity first; conversations without messages sort by creation. */
export async function listConversations(db: DbOrTx, tenantId: string, f: ConversationFilter) {
  const activity = sql<Date>`coalesce(${conversations.last_message_at}, ${conversations.created_at})`;
  const conds: (SQL | undefined)[] = [eq(conversations.tenant_id, tenantId)];
  if (f.status) conds.push(eq(conversations.status, f.status));
  if (f.channel) conds.push(eq(conversations.channel, f.channel));
  if (f.patient_id) conds.push(eq(conversations.patient_id, f.patient_id));
  if (f.assignee === 'none') conds.push(isNull(conversations.assignee_id));
  else if (f.assignee) conds.push(eq(conversations.assignee_id, f.assignee));
  if (f.unread === true) conds.push(gt(conversations.unread_count, 0));
  if (f.unread === false) conds.push(eq(conversations.unread_count, 0));
  if (f.q) {
    const digits = f.q.replace(/[^\d]/g, '');
    conds.push(
      or(
        ilike(patients.full_name, `%${escapeLike(f.q)}%`),
        digits.length >= 4 ? sql`${patients.phone} like ${`%${digits}%`}` : undefined,
        sql`exists (select 1 from ${messages} m where m.conversation_id = ${conversations.id}
            and m.tenant_id = ${tenantId} and m.body ilike ${`%${escapeLike(f.q)}%`})`,
      ),
    );
  }
  if (f.after) {
    const [at, id] = f.after;
    conds.push(
      or(
        lt(activity, sql`${at}::timestamptz`),
        and(eq(activity, sql`${at}::timestamptz`), lt(conversations.id, id)),
      ),
    );
  }
  return db
    .select({
      ...listColumns,
      // Text at full precision, so the keyset cursor matches the row exactly.
      activity_key: sql<string>`to_char(${activity} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(conversations)
    .innerJoin(patients, eq(patients.id, conversations.patient_id))
    .leftJoin(users, assigneeOf)
    .where(and(...conds))
    .orderBy(desc(activity), desc(conversations.id))
    .limit(f.limit + 1);
}

export async function updateConversation(
  db: DbOrTx,
  tenantId: string,
  id: string,
  values: Partial<
    Pick<ConversationRow, 'status' | 'assignee_id' | 'unread_count' | 'closed_at' | 'opened_at'>
  >,
) {
  const [row] = await db
    .update(conversations)
    .set(values)
    .where(and(eq(conversations.tenant_id, tenantId), eq(conversations.id, id)))
    .returning({ id: conversations.id });
  return row ?? null;
}

export async function listMessages(
  db: DbOrTx,
  tenantId: string,
  conversationId: string,
  opts: { after?: [string, string] | undefined; limit: number },
) {
  const conds: (SQL | undefined)[] = [
    eq(messages.tenant_id, tenantId),
    eq(messages.conversation_id, conversationId),
  ];
  if (opts.after) {
    const [at, id] = opts.after;
    conds.push(
      or(
        gt(messages.created_at, new Date(at)),
        and(eq(messages.created_at, new Date(at)), gt(messages.id, id)),
      ),
    );
  }
  return db
    .select()
    .from(messages)
    .where(and(...conds))
    .orderBy(asc(messages.created_at), asc(messages.id))
    .limit(opts.limit + 1);
}

/** Download state of attachments, by media id. */
export async function mediaStatuses(db: DbOrTx, tenantId: string, ids: string[]) {
  if (!ids.length) return new Map<string, MediaStatus>();
  const rows = await db
    .select({ id: messageMedia.id, status: messageMedia.status })
    .from(messageMedia)
    .where(and(eq(messageMedia.tenant_id, tenantId), inArray(messageMedia.id, ids)));
  return new Map(rows.map((r) => [r.id, r.status]));
}

export async function findActiveUser(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenant_id, tenantId), eq(users.id, id), isNull(users.disabled_at)));
  return row ?? null;
}

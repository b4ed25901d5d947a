import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { conversations, messages } from '../../platform/db/schema/index.js';
import type { ConversationRow } from './conversations.repository.js';

const latest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);

/** The open one first, then the most recently active, then the oldest: the thread staff were working in. */
function keeperFirst(a: ConversationRow, b: ConversationRow) {
  if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
  const at = a.last_message_at?.getTime() ?? 0;
  const bt = b.last_message_at?.getTime() ?? 0;
  return bt - at || a.created_at.getTime() - b.created_at.getTime();
}

/**
 * After a merge the survivor may hold two conversations on one channel (one from each record). They were
 * one person's all along: the messages move into the conversation staff were working in, which takes the
 * sum of the unread counts, the latest activity and the earliest opening; the emptied ones are removed.
 * Returns, per folded channel, the kept id and the removed ids.
 */
export async function foldPatientConversations(db: DbOrTx, tenantId: string, patientId: string) {
  const rows = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.tenant_id, tenantId), eq(conversations.patient_id, patientId)))
    .for('update');
  const byChannel = new Map<string, ConversationRow[]>();
  for (const r of rows) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r]);
  const folded: { kept: string; removed: string[] }[] = [];
  for (const group of byChannel.values()) {
    if (group.length < 2) continue;
    const [keep, ...rest] = group.sort(keeperFirst) as [ConversationRow, ...ConversationRow[]];
    const removed = rest.map((r) => r.id);
    await db
      .update(messages)
      .set({ conversation_id: keep.id })
      .where(and(eq(messages.tenant_id, tenantId), inArray(messages.conversation_id, removed)));
    await db
      .update(conversations)
      .set({
        assignee_id: keep.assignee_id ?? rest.find((r) => r.assignee_id)?.assignee_id ?? null,
        unread_count: group.reduce((n, r) => n + r.unread_count, 0),
        last_message_at: group.reduce<Date | null>((d, r) => latest(d, r.last_message_at), null),
        last_inbound_at: group.reduce<Date | null>((d, r) => latest(d, r.last_inbound_at), null),
        opened_at: new Date(Math.min(...group.map((r) => r.opened_at.getTime()))),
      })
      .where(eq(conversations.id, keep.id));
    await db.delete(conversations).where(inArray(conversations.id, removed));
    folded.push({ kept: keep.id, removed });
  }
  return folded;
}

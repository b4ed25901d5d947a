import { and, asc, eq, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { whatsappChannels } from '../../platform/db/schema/index.js';

export type ChannelRow = typeof whatsappChannels.$inferSelect;
type ChannelValues = Omit<typeof whatsappChannels.$inferInsert, 'id' | 'tenant_id'>;

const own = (tenantId: string, id: string) =>
  and(eq(whatsappChannels.tenant_id, tenantId), eq(whatsappChannels.id, id));

export async function listChannels(db: DbOrTx, tenantId: string) {
  return db
    .select()
    .from(whatsappChannels)
    .where(eq(whatsappChannels.tenant_id, tenantId))
    .orderBy(asc(whatsappChannels.created_at));
}

export async function findChannel(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db.select().from(whatsappChannels).where(own(tenantId, id));
  return row ?? null;
}

/** The tenant's channel to send from: the one asked for, else its first enabled one. */
export async function findSendingChannel(db: DbOrTx, tenantId: string, id: string | undefined) {
  const conds: (SQL | undefined)[] = [
    eq(whatsappChannels.tenant_id, tenantId),
    eq(whatsappChannels.enabled, true),
    id ? eq(whatsappChannels.id, id) : undefined,
  ];
  const [row] = await db
    .select()
    .from(whatsappChannels)
    .where(and(...conds))
    .orderBy(asc(whatsappChannels.created_at))
    .limit(1);
  return row ?? null;
}

export async function insertChannel(db: DbOrTx, tenantId: string, values: ChannelValues) {
  const [row] = await db
    .insert(whatsappChannels)
    .values({ ...values, tenant_id: tenantId })
    .returning();
  return row as ChannelRow;
}

export async function updateChannel(
  db: DbOrTx,
  tenantId: string,
  id: string,
  values: Partial<ChannelValues>,
) {
  const [row] = await db.update(whatsappChannels).set(values).where(own(tenantId, id)).returning();
  return row ?? null;
}

export async function deleteChannel(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db.delete(whatsappChannels).where(own(tenantId, id)).returning();
  return row ?? null;
}

/**
 * The one lookup without a tenant: a webhook names its account and the clinic's address, and the
 * channel that owns them decides the tenant. A sender number wins over a Messaging Service.
 */
export async function findChannelByAddress(
  db: DbOrTx,
  accountSid: string,
  sender: string | null,
  serviceSid: string | null,
) {
  const match = or(
    sender ? eq(whatsappChannels.sender, sender) : undefined,
    serviceSid ? eq(whatsappChannels.messaging_service_sid, serviceSid) : undefined,
  );
  if (!match) return null;
  const rows = await db
    .select()
    .from(whatsappChannels)
    .where(and(eq(whatsappChannels.account_sid, accountSid), eq(whatsappChannels.enabled, true), match));
  return rows.find((r) => sender && r.sender === sender) ?? rows[0] ?? null;
}

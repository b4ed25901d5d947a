import { and, asc, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import {
  patients,
  type VoiceSecret,
  voiceCalls,
  voiceChannels,
  voiceTranscriptSegments,
  webhookEvents,
} from '../../platform/db/schema/index.js';
import type { TranscriptSegment } from './voice-event.schema.js';

export const PROVIDER = 'voice';

export type ChannelRow = typeof voiceChannels.$inferSelect;
export type CallRow = typeof voiceCalls.$inferSelect;
type CallUpdate = Partial<Omit<typeof voiceCalls.$inferInsert, 'id' | 'tenant_id'>>;

export async function findChannel(db: DbOrTx, tenantId: string) {
  const [row] = await db.select().from(voiceChannels).where(eq(voiceChannels.tenant_id, tenantId));
  return row ?? null;
}

/**
 * The channels a webhook may be for: the queries without a required tenant, since the tenant is what
 * verification finds out. Narrowed by `x-tenant-id` when sent, and for a static secret by its fingerprint.
 */
export function channelsForVerification(
  db: DbOrTx,
  by: { tenantId: string | null; fingerprint?: string; limit: number },
) {
  return db
    .select()
    .from(voiceChannels)
    .where(
      and(
        by.tenantId ? eq(voiceChannels.tenant_id, by.tenantId) : undefined,
        by.fingerprint
          ? and(
              eq(voiceChannels.accept_static_secret, true),
              sql`${voiceChannels.secrets} @> ${JSON.stringify([{ fingerprint: by.fingerprint }])}::jsonb`,
            )
          : undefined,
      ),
    )
    .limit(by.limit);
}

/** Create the channel if needed and lock it, so concurrent secret changes apply one after the other. */
export async function lockChannel(db: DbOrTx, tenantId: string) {
  await db.insert(voiceChannels).values({ tenant_id: tenantId }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(voiceChannels)
    .where(eq(voiceChannels.tenant_id, tenantId))
    .for('update');
  if (!row) throw new Error('voice channel vanished under its lock');
  return row;
}

export async function updateChannel(
  db: DbOrTx,
  tenantId: string,
  values: { secrets?: VoiceSecret[]; accept_static_secret?: boolean; recording_hosts?: string[] },
) {
  const [row] = await db
    .update(voiceChannels)
    .set(values)
    .where(eq(voiceChannels.tenant_id, tenantId))
    .returning();
  if (!row) throw new Error('voice channel update matched no row');
  return row;
}

/** Record an event in the ledger; null when (provider, key) is already there: a retry or a duplicate. */
export async function insertLedgerEvent(
  db: DbOrTx,
  tenantId: string,
  row: {
    external_id: string;
    event_type: string | null;
    headers: Record<string, string>;
    body: string;
    status: 'pending' | 'invalid';
    error?: string;
  },
) {
  const [inserted] = await db
    .insert(webhookEvents)
    .values({ ...row, provider: PROVIDER, tenant_id: tenantId, attempts: 1 })
    .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.external_id] })
    .returning({ id: webhookEvents.id });
  return inserted?.id ?? null;
}

export async function markLedgerProcessed(db: DbOrTx, tenantId: string, id: string) {
  await db
    .update(webhookEvents)
    .set({ status: 'processed', processed_at: new Date() })
    .where(and(eq(webhookEvents.tenant_id, tenantId), eq(webhookEvents.id, id)));
}

export function ledgerEvents(db: DbOrTx, tenantId: string) {
  return db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.tenant_id, tenantId), eq(webhookEvents.provider, PROVIDER)))
    .orderBy(asc(webhookEvents.received_at));
}

/**
 * The call's row, created on its first event and locked for the rest of the transaction: every event of
 * one call merges under this lock, so concurrent deliveries apply one after the other.
 */
export async function lockCall(db: DbOrTx, tenantId: string, externalCallId: string) {
  const [created] = await db
    .insert(voiceCalls)
    .values({ tenant_id: tenantId, provider: PROVIDER, external_call_id: externalCallId })
    .onConflictDoNothing({
      target: [voiceCalls.tenant_id, voiceCalls.provider, voiceCalls.external_call_id],
    })
    .returning({ id: voiceCalls.id });
  const [row] = await db
    .select()
    .from(voiceCalls)
    .where(
      and(
        eq(voiceCalls.tenant_id, tenantId),
        eq(voiceCalls.provider, PROVIDER),
        eq(voiceCalls.external_call_id, externalCallId),
      ),
    )
    .for('update');
  if (!row) throw new Error('voice call vanished under its lock');
  return { call: row, created: Boolean(created) };
}

export async function updateCall(db: DbOrTx, tenantId: string, id: string, values: CallUpdate) {
  const [row] = await db
    .update(voiceCalls)
    .set(values)
    .where(and(eq(voiceCalls.tenant_id, tenantId), eq(voiceCalls.id, id)))
    .returning();
  if (!row) throw new Error('voice call update matched no row');
  return row;
}

export async function replaceTranscript(
  db: DbOrTx,
  tenantId: string,
  callId: string,
  segments: TranscriptSegment[],
) {
  const where = and(
    eq(voiceTranscriptSegments.tenant_id, tenantId),
    eq(voiceTranscriptSegments.call_id, callId),
  );
  await db.delete(voiceTranscriptSegments).where(where);
  if (segments.length === 0) return;
  await db.insert(voiceTranscriptSegments).values(
    segments.map((s, seq) => ({
      tenant_id: tenantId,
      call_id: callId,
      seq,
      speaker: s.speaker,
      text: s.text,
      start_ms: s.start_ms ?? null,
      end_ms: s.end_ms ?? null,
    })),
  );
}

export function listTranscript(db: DbOrTx, tenantId: string, callId: string) {
  return db
    .select({
      seq: voiceTranscriptSegments.seq,
      speaker: voiceTranscriptSegments.speaker,
      text: voiceTranscriptSegments.text,
      start_ms: voiceTranscriptSegments.start_ms,
      end_ms: voiceTranscriptSegments.end_ms,
    })
    .from(voiceTranscriptSegments)
    .where(and(eq(voiceTranscriptSegments.tenant_id, tenantId), eq(voiceTranscriptSegments.call_id, callId)))
    .orderBy(asc(voiceTranscriptSegments.seq));
}

/** The history's time axis: when the call started, or when PRM first heard of it. */
const callTime = sql`coalesce(${voiceCalls.started_at}, ${voiceCalls.created_at})`;

const { merge_state: _internal, ...callColumns } = getTableColumns(voiceCalls);
const withPatient = { ...callColumns, patient_name: patients.full_name };

export async function findCall(db: DbOrTx, tenantId: string, id: string) {
  const [row] = await db
    .select(withPatient)
    .from(voiceCalls)
    .leftJoin(patients, eq(patients.id, voiceCalls.patient_id))
    .where(and(eq(voiceCalls.tenant_id, tenantId), eq(voiceCalls.id, id)));
  return row ?? null;
}

export type CallFilters = {
  from?: Date | undefined;
  to?: Date | undefined;
  direction?: CallRow['direction'] | undefined;
  outcome?: CallRow['outcome'] | undefined;
  booking_status?: CallRow['booking_status'] | undefined;
  agent_id?: string | undefined;
  patient_id?: string | undefined;
  appointment_id?: string | undefined;
  after?: [string, string] | undefined;
  limit: number;
};

export function listCalls(db: DbOrTx, tenantId: string, f: CallFilters) {
  const conds: (SQL | undefined)[] = [
    eq(voiceCalls.tenant_id, tenantId),
    f.from ? sql`${callTime} >= ${f.from.toISOString()}` : undefined,
    f.to ? sql`${callTime} < ${f.to.toISOString()}` : undefined,
    f.direction ? eq(voiceCalls.direction, f.direction) : undefined,
    f.outcome ? eq(voiceCalls.outcome, f.outcome) : undefined,
    f.booking_status ? eq(voiceCalls.booking_status, f.booking_status) : undefined,
    f.agent_id ? eq(voiceCalls.agent_id, f.agent_id) : undefined,
    f.patient_id ? eq(voiceCalls.patient_id, f.patient_id) : undefined,
    f.appointment_id ? eq(voiceCalls.appointment_id, f.appointment_id) : undefined,
    f.after
      ? sql`(${callTime}, ${voiceCalls.id}) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`
      : undefined,
  ];
  return (
    db
      // The sort key as text keeps its microseconds, so the cursor resumes exactly after the last row.
      .select({ ...withPatient, sort_key: sql<string>`${callTime}::text` })
      .from(voiceCalls)
      .leftJoin(patients, eq(patients.id, voiceCalls.patient_id))
      .where(and(...conds))
      .orderBy(desc(callTime), desc(voiceCalls.id))
      .limit(f.limit + 1)
  );
}

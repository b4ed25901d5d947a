import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appointments } from './appointments.js';
import { createdAt, id, tenantId, tstz, updatedAt } from './columns.js';
import { BOOKING_STATUSES, CALL_END_REASONS, CALL_INTENTS, CALL_OUTCOMES, SENTIMENTS } from './enums.js';
import { patients } from './patients.js';
import { organizations } from './tenancy.js';

/** A secret as stored: the value is write-only (verification needs it in clear; it is never returned). */
/** `sealed`: the secret encrypted with the server's key (platform/auth/secret-box.ts, decision 0401). */
export type VoiceSecret = { id: string; sealed: string; fingerprint: string; created_at: string };

/** One voice channel per organisation: how its voice-agent platform authenticates its webhooks. */
export const voiceChannels = pgTable('voice_channels', {
  id: id(),
  tenant_id: tenantId()
    .references(() => organizations.id)
    .unique(),
  secrets: jsonb('secrets').$type<VoiceSecret[]>().notNull().default([]),
  accept_static_secret: boolean('accept_static_secret').notNull().default(false),
  recording_hosts: text('recording_hosts').array().notNull().default(sql`'{}'::text[]`),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

export const voiceCalls = pgTable(
  'voice_calls',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    provider: text('provider').notNull().default('generic'),
    external_call_id: text('external_call_id').notNull(),
    patient_id: uuid('patient_id').references(() => patients.id),
    direction: text('direction', { enum: ['inbound', 'outbound'] }),
    from_number: text('from_number'),
    to_number: text('to_number'),
    agent_id: text('agent_id'),
    agent_name: text('agent_name'),
    started_at: tstz('started_at'),
    ended_at: tstz('ended_at'),
    duration_seconds: integer('duration_seconds'),
    end_reason: text('end_reason', { enum: CALL_END_REASONS }),
    recording_url: text('recording_url'),
    summary: text('summary'),
    sentiment: text('sentiment', { enum: SENTIMENTS }),
    intent: text('intent', { enum: CALL_INTENTS }),
    outcome: text('outcome', { enum: CALL_OUTCOMES }),
    booking: jsonb('booking').$type<Record<string, unknown> | null>(),
    booking_status: text('booking_status', { enum: BOOKING_STATUSES }).notNull().default('none'),
    booking_error: text('booking_error'),
    appointment_id: uuid('appointment_id').references(() => appointments.id),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /** Per field, the rank of the event that set it: the merge keeps the highest, so order never matters. */
    merge_state: jsonb('merge_state').$type<Record<string, string>>().notNull().default({}),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    uniqueIndex('voice_calls_tenant_external_key').on(t.tenant_id, t.provider, t.external_call_id),
    index('voice_calls_tenant_started_idx').on(t.tenant_id, t.started_at),
    index('voice_calls_tenant_patient_idx').on(t.tenant_id, t.patient_id),
    // The call history's order: a call whose call.started has not arrived yet sorts by arrival.
    index('voice_calls_tenant_history_idx').on(t.tenant_id, sql`coalesce(started_at, created_at)`, t.id),
  ],
);

export const voiceTranscriptSegments = pgTable(
  'voice_transcript_segments',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    call_id: uuid('call_id')
      .notNull()
      .references(() => voiceCalls.id),
    seq: integer('seq').notNull(),
    speaker: text('speaker', { enum: ['agent', 'caller'] }).notNull(),
    text: text('text').notNull(),
    start_ms: integer('start_ms'),
    end_ms: integer('end_ms'),
  },
  (t) => [uniqueIndex('voice_transcript_segments_key').on(t.tenant_id, t.call_id, t.seq)],
);

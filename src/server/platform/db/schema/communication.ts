import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tstz, updatedAt } from './columns.js';
import { CHANNELS, MESSAGE_STATUSES } from './enums.js';
import { patients } from './patients.js';
import { organizations, users } from './tenancy.js';

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    patient_id: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    assignee_id: uuid('assignee_id').references(() => users.id),
    last_message_at: tstz('last_message_at'),
    last_inbound_at: tstz('last_inbound_at'),
    unread_count: integer('unread_count').notNull().default(0),
    opened_at: tstz('opened_at').notNull().defaultNow(),
    closed_at: tstz('closed_at'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    index('conversations_tenant_last_idx').on(t.tenant_id, t.last_message_at),
    index('conversations_tenant_patient_idx').on(t.tenant_id, t.patient_id, t.channel),
    // The analytics fold recomputes a day's conversations opened and closed: without these it scans all
    // of the organisation's conversations for every fold.
    index('conversations_tenant_opened_idx').on(t.tenant_id, t.opened_at),
    index('conversations_tenant_closed_idx')
      .on(t.tenant_id, sql`greatest(${t.opened_at}, ${t.closed_at})`)
      .where(sql`${t.status} = 'closed' and ${t.closed_at} is not null`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    conversation_id: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    patient_id: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    /** Provider id (Twilio MessageSid); unique per tenant so ingest can never store a message twice. */
    external_id: text('external_id'),
    message_type: text('message_type').notNull().default('text'),
    body: text('body'),
    media: jsonb('media').$type<{ id?: string; url: string; content_type: string }[]>().notNull().default([]),
    location: jsonb('location').$type<Record<string, string | number> | null>(),
    button_payload: text('button_payload'),
    button_text: text('button_text'),
    reply_to_external_id: text('reply_to_external_id'),
    template_sid: text('template_sid'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    status_times: jsonb('status_times').$type<Record<string, string>>().notNull().default({}),
    error_code: text('error_code'),
    error_message: text('error_message'),
    sent_by: uuid('sent_by').references(() => users.id),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    uniqueIndex('messages_tenant_external_key').on(t.tenant_id, t.channel, t.external_id),
    index('messages_tenant_conversation_idx').on(t.tenant_id, t.conversation_id, t.created_at),
    index('messages_tenant_created_idx').on(t.tenant_id, t.created_at),
  ],
);

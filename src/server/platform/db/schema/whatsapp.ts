import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './columns.js';
import { messages } from './communication.js';
import { MEDIA_STATUSES } from './enums.js';
import { patients } from './patients.js';
import { organizations } from './tenancy.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/**
 * A tenant's Twilio WhatsApp sender. The auth token is stored encrypted (AES-256-GCM, key from
 * SECRETS_KEY) and is never returned by any API.
 */
export const whatsappChannels = pgTable(
  'whatsapp_channels',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    name: text('name').notNull(),
    account_sid: text('account_sid').notNull(),
    /** E.164 sender number; null when the channel sends through a Messaging Service only. */
    sender: text('sender'),
    messaging_service_sid: text('messaging_service_sid'),
    auth_token_enc: text('auth_token_enc').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    // A number or service belongs to one tenant: that is how a webhook finds its tenant.
    uniqueIndex('whatsapp_channels_sender_key').on(t.account_sid, t.sender).where(sql`sender is not null`),
    uniqueIndex('whatsapp_channels_service_key')
      .on(t.account_sid, t.messaging_service_sid)
      .where(sql`messaging_service_sid is not null`),
    index('whatsapp_channels_tenant_idx').on(t.tenant_id),
    check('whatsapp_channels_address', sql`sender is not null or messaging_service_sid is not null`),
  ],
);

/** Identities of a patient that are not a phone number, e.g. a WhatsApp business-scoped user id. */
export const patientIdentities = pgTable(
  'patient_identities',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    patient_id: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind', { enum: ['whatsapp_bsuid'] }).notNull(),
    value: text('value').notNull(),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex('patient_identities_key').on(t.tenant_id, t.kind, t.value)],
);

/** A message's attachment, downloaded in the background from Twilio and kept in the database. */
export const messageMedia = pgTable(
  'message_media',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    message_id: uuid('message_id')
      .notNull()
      .references(() => messages.id),
    position: integer('position').notNull(),
    content_type: text('content_type').notNull(),
    source_url: text('source_url').notNull(),
    status: text('status', { enum: MEDIA_STATUSES }).notNull().default('pending'),
    size_bytes: integer('size_bytes'),
    data: bytea('data'),
    error: text('error'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    uniqueIndex('message_media_key').on(t.message_id, t.position),
    index('message_media_tenant_idx').on(t.tenant_id),
  ],
);

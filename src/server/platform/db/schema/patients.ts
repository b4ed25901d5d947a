import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tstz, updatedAt } from './columns.js';
import { GENDERS } from './enums.js';
import { organizations } from './tenancy.js';

export const patients = pgTable(
  'patients',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    full_name: text('full_name').notNull(),
    /** E.164; the patient's identity on WhatsApp and voice. Null only for identities without a phone. */
    phone: text('phone'),
    email: text('email'),
    date_of_birth: date('date_of_birth', { mode: 'string' }),
    gender: text('gender', { enum: GENDERS }).notNull().default('unknown'),
    preferred_language: text('preferred_language'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    whatsapp_consent: text('whatsapp_consent', { enum: ['unknown', 'opted_in', 'opted_out'] })
      .notNull()
      .default('unknown'),
    whatsapp_consent_at: tstz('whatsapp_consent_at'),
    /** Set when this record was merged into another; merged records are hidden from lists and reads. */
    merged_into_id: uuid('merged_into_id'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    uniqueIndex('patients_tenant_phone_key').on(t.tenant_id, t.phone).where(sql`merged_into_id is null`),
    index('patients_tenant_name_idx').on(t.tenant_id, sql`lower(${t.full_name})`),
  ],
);

import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tstz, updatedAt } from './columns.js';
import { ROLES } from './enums.js';

export const organizations = pgTable('organizations', {
  id: id(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  time_zone: text('time_zone').notNull().default('Asia/Kolkata'),
  locale: text('locale').notNull().default('en-IN'),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

export const users = pgTable(
  'users',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    password_hash: text('password_hash').notNull(),
    disabled_at: tstz('disabled_at'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    // Login is by e-mail alone, so an address belongs to exactly one organisation.
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    index('users_tenant_idx').on(t.tenant_id, t.id),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    user_id: uuid('user_id')
      .notNull()
      .references(() => users.id),
    token_hash: text('token_hash').notNull().unique(),
    expires_at: tstz('expires_at').notNull(),
    created_at: createdAt(),
  },
  (t) => [index('sessions_tenant_user_idx').on(t.tenant_id, t.user_id)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    prefix: text('prefix').notNull(),
    key_hash: text('key_hash').notNull().unique(),
    created_by: uuid('created_by').references(() => users.id),
    last_used_at: tstz('last_used_at'),
    revoked_at: tstz('revoked_at'),
    created_at: createdAt(),
  },
  (t) => [index('api_keys_tenant_idx').on(t.tenant_id, t.id)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    tenant_id: tenantId(),
    actor_type: text('actor_type', { enum: ['user', 'api_key', 'system', 'assistant', 'webhook'] }).notNull(),
    actor_id: uuid('actor_id'),
    action: text('action').notNull(),
    entity_type: text('entity_type').notNull(),
    entity_id: uuid('entity_id'),
    request_id: text('request_id'),
    reason: text('reason'),
    created_at: createdAt(),
  },
  (t) => [
    index('audit_tenant_time_idx').on(t.tenant_id, t.created_at),
    index('audit_tenant_entity_idx').on(t.tenant_id, t.entity_type, t.entity_id),
  ],
);

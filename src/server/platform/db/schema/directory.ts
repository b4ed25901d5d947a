import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './columns.js';
import { organizations } from './tenancy.js';

export const departments = pgTable(
  'departments',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    name: text('name').notNull(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [uniqueIndex('departments_tenant_name_key').on(t.tenant_id, t.name)],
);

export const locations = pgTable(
  'locations',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    name: text('name').notNull(),
    address: text('address'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [uniqueIndex('locations_tenant_name_key').on(t.tenant_id, t.name)],
);

export const practitioners = pgTable(
  'practitioners',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    name: text('name').notNull(),
    title: text('title'),
    specialty: text('specialty'),
    email: text('email'),
    phone: text('phone'),
    department_id: uuid('department_id').references(() => departments.id),
    location_id: uuid('location_id').references(() => locations.id),
    active: boolean('active').notNull().default(true),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index('practitioners_tenant_idx').on(t.tenant_id, t.name)],
);

import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tstz, updatedAt } from './columns.js';
import { departments, locations, practitioners } from './directory.js';
import { APPOINTMENT_SOURCES, APPOINTMENT_STATUSES } from './enums.js';
import { patients } from './patients.js';
import { organizations } from './tenancy.js';

export const appointments = pgTable(
  'appointments',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    patient_id: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    practitioner_id: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    department_id: uuid('department_id').references(() => departments.id),
    location_id: uuid('location_id').references(() => locations.id),
    starts_at: tstz('starts_at').notNull(),
    ends_at: tstz('ends_at').notNull(),
    duration_minutes: integer('duration_minutes').notNull(),
    status: text('status', { enum: APPOINTMENT_STATUSES }).notNull().default('booked'),
    source: text('source', { enum: APPOINTMENT_SOURCES }).notNull().default('staff'),
    reason: text('reason'),
    cancel_reason: text('cancel_reason'),
    booked_at: tstz('booked_at').notNull().defaultNow(),
    confirmed_at: tstz('confirmed_at'),
    checked_in_at: tstz('checked_in_at'),
    completed_at: tstz('completed_at'),
    cancelled_at: tstz('cancelled_at'),
    no_show_at: tstz('no_show_at'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    index('appointments_tenant_start_idx').on(t.tenant_id, t.starts_at),
    index('appointments_tenant_practitioner_start_idx').on(t.tenant_id, t.practitioner_id, t.starts_at),
    index('appointments_tenant_patient_idx').on(t.tenant_id, t.patient_id),
  ],
);

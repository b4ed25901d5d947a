import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tstz, updatedAt } from './columns.js';
import { departments } from './directory.js';
import { JOURNEY_STATUSES, STAGE_STATUSES } from './enums.js';
import { patients } from './patients.js';
import { organizations } from './tenancy.js';

export const journeyTemplates = pgTable(
  'journey_templates',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    name: text('name').notNull(),
    description: text('description'),
    department_id: uuid('department_id').references(() => departments.id),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [uniqueIndex('journey_templates_tenant_name_key').on(t.tenant_id, t.name)],
);

export const journeyTemplateStages = pgTable(
  'journey_template_stages',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    template_id: uuid('template_id')
      .notNull()
      .references(() => journeyTemplates.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    expected_duration_days: integer('expected_duration_days'),
  },
  (t) => [uniqueIndex('journey_template_stages_key').on(t.tenant_id, t.template_id, t.position)],
);

export const patientJourneys = pgTable(
  'patient_journeys',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    patient_id: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    template_id: uuid('template_id')
      .notNull()
      .references(() => journeyTemplates.id),
    department_id: uuid('department_id').references(() => departments.id),
    status: text('status', { enum: JOURNEY_STATUSES }).notNull().default('active'),
    started_at: tstz('started_at').notNull().defaultNow(),
    completed_at: tstz('completed_at'),
    cancelled_at: tstz('cancelled_at'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    index('patient_journeys_tenant_started_idx').on(t.tenant_id, t.started_at),
    index('patient_journeys_tenant_patient_idx').on(t.tenant_id, t.patient_id),
  ],
);

export const patientJourneyStages = pgTable(
  'patient_journey_stages',
  {
    id: id(),
    tenant_id: tenantId().references(() => organizations.id),
    journey_id: uuid('journey_id')
      .notNull()
      .references(() => patientJourneys.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: STAGE_STATUSES }).notNull().default('pending'),
    started_at: tstz('started_at'),
    completed_at: tstz('completed_at'),
  },
  (t) => [uniqueIndex('patient_journey_stages_key').on(t.tenant_id, t.journey_id, t.position)],
);

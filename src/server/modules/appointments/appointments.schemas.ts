import { z } from 'zod';
import { APPOINTMENT_SOURCES, APPOINTMENT_STATUSES } from '../../platform/db/schema/index.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { instant, optionalText } from '../../platform/http/schemas.js';

const duration = z.number().int().min(5).max(480);

export const appointmentCreate = z.strictObject({
  patient_id: z.uuid(),
  practitioner_id: z.uuid(),
  location_id: z.uuid().nullable().optional(),
  starts_at: instant,
  duration_minutes: duration.default(15),
  reason: optionalText(1000),
  source: z.enum(APPOINTMENT_SOURCES).default('staff'),
});

export const appointmentReschedule = z
  .strictObject({
    starts_at: instant,
    duration_minutes: duration,
    practitioner_id: z.uuid(),
    location_id: z.uuid().nullable(),
    reason: optionalText(1000),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');

export const statusChange = z.strictObject({
  status: z.enum(APPOINTMENT_STATUSES).exclude(['booked']),
  reason: optionalText(500),
});

export const appointmentQuery = z
  .strictObject({
    ...pageQuery,
    from: instant.optional(),
    to: instant.optional(),
    practitioner_id: z.uuid().optional(),
    patient_id: z.uuid().optional(),
    department_id: z.uuid().optional(),
    location_id: z.uuid().optional(),
    status: z.enum(APPOINTMENT_STATUSES).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const appointment = z.object({
  id: z.uuid(),
  patient_id: z.uuid(),
  practitioner_id: z.uuid(),
  department_id: z.uuid().nullable(),
  location_id: z.uuid().nullable(),
  starts_at: z.date(),
  ends_at: z.date(),
  duration_minutes: z.number(),
  status: z.enum(APPOINTMENT_STATUSES),
  source: z.enum(APPOINTMENT_SOURCES),
  reason: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  booked_at: z.date(),
  confirmed_at: z.date().nullable(),
  checked_in_at: z.date().nullable(),
  completed_at: z.date().nullable(),
  cancelled_at: z.date().nullable(),
  no_show_at: z.date().nullable(),
  patient_name: z.string(),
  practitioner_name: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
});

export type AppointmentCreate = z.output<typeof appointmentCreate>;
export type AppointmentReschedule = z.output<typeof appointmentReschedule>;
export type AppointmentQuery = z.output<typeof appointmentQuery>;

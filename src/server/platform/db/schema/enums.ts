/**
 * The value lists of the schema's enum-like columns, in a file without tables: the dashboard imports the
 * API's zod schemas, and through them these lists, without pulling Drizzle's table builders into the bundle.
 */

export const ROLES = ['admin', 'staff', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;

export const APPOINTMENT_STATUSES = [
  'booked',
  'confirmed',
  'checked_in',
  'completed',
  'cancelled',
  'no_show',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const APPOINTMENT_SOURCES = ['staff', 'whatsapp', 'voice', 'online', 'import'] as const;

export const JOURNEY_STATUSES = ['active', 'completed', 'cancelled'] as const;
export const STAGE_STATUSES = ['pending', 'in_progress', 'completed', 'skipped', 'cancelled'] as const;

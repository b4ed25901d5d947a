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

export const CHANNELS = ['whatsapp', 'sms', 'email', 'web'] as const;
export const MESSAGE_STATUSES = [
  'received',
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'partially_delivered',
  'undelivered',
  'failed',
  'canceled',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MEDIA_STATUSES = ['pending', 'stored', 'failed', 'refused'] as const;

export const CALL_END_REASONS = [
  'completed',
  'caller_hangup',
  'agent_hangup',
  'transferred',
  'voicemail',
  'no_answer',
  'busy',
  'failed',
] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export const CALL_INTENTS = [
  'book_appointment',
  'reschedule',
  'cancel',
  'enquiry',
  'complaint',
  'other',
] as const;
export const CALL_OUTCOMES = [
  'appointment_booked',
  'appointment_rescheduled',
  'appointment_cancelled',
  'transferred_to_staff',
  'information_given',
  'no_resolution',
] as const;
export const BOOKING_STATUSES = ['none', 'booked', 'rescheduled', 'cancelled', 'booking_failed'] as const;

export const REPORT_TYPES = [
  'appointments',
  'journeys',
  'communication',
  'voice_calls',
  'dashboard',
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export const REPORT_FORMATS = ['pdf', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export const DELIVERY_STATUSES = ['none', 'pending', 'sent', 'failed'] as const;
export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'cron'] as const;

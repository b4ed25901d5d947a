import { z } from 'zod';
import { GENDERS } from '../../platform/db/schema/index.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { email, isoDate, optionalText, phone, text } from '../../platform/http/schemas.js';

const tag = z.string().trim().min(1).max(50);

export const patientCreate = z.strictObject({
  full_name: text(200),
  phone: phone.nullable().optional(),
  email: email.nullable().optional(),
  date_of_birth: isoDate
    .refine((d) => d <= new Date().toISOString().slice(0, 10) && d >= '1900-01-01', 'Must be a past date')
    .nullable()
    .optional(),
  gender: z.enum(GENDERS).optional(),
  preferred_language: optionalText(35),
  tags: z.array(tag).max(50).optional(),
});

export const patientUpdate = patientCreate
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');

export const patientQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().min(1).max(100).optional(),
  tag: tag.optional(),
});

export const patientMerge = z.strictObject({
  duplicate_id: z.uuid(),
});

export const patient = z.object({
  id: z.uuid(),
  full_name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  date_of_birth: z.string().nullable(),
  gender: z.enum(GENDERS),
  preferred_language: z.string().nullable(),
  tags: z.array(z.string()),
  whatsapp_consent: z.enum(['unknown', 'opted_in', 'opted_out']),
  whatsapp_consent_at: z.date().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

export const mergeResult = z.object({
  patient,
  moved: z.object({
    appointments: z.number(),
    journeys: z.number(),
    conversations: z.number(),
    messages: z.number(),
    calls: z.number(),
  }),
});

export type PatientCreate = z.infer<typeof patientCreate>;
export type PatientUpdate = z.infer<typeof patientUpdate>;
export type PatientQuery = z.infer<typeof patientQuery>;

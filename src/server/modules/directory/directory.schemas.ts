import { z } from 'zod';
import { pageQuery } from '../../platform/http/pagination.js';
import { email, optionalText, phone, text } from '../../platform/http/schemas.js';

const nonEmpty = <T extends z.ZodObject>(s: T) =>
  s.partial().refine((v) => Object.keys(v).length > 0, 'Nothing to update');

export const directoryQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().min(1).max(100).optional(),
});

export const departmentInput = z.strictObject({ name: text(120) });
export const department = z.object({
  id: z.uuid(),
  name: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
});

export const locationInput = z.strictObject({ name: text(120), address: optionalText(500) });
export const location = department.extend({ address: z.string().nullable() });

export const practitionerInput = z.strictObject({
  name: text(200),
  title: optionalText(50),
  specialty: optionalText(120),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  department_id: z.uuid().nullable().optional(),
  location_id: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});
export const practitioner = department.extend({
  title: z.string().nullable(),
  specialty: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  department_id: z.uuid().nullable(),
  location_id: z.uuid().nullable(),
  active: z.boolean(),
});

export const departmentUpdate = nonEmpty(departmentInput);
export const locationUpdate = nonEmpty(locationInput);
export const practitionerUpdate = nonEmpty(practitionerInput);

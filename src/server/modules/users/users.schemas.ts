import { z } from 'zod';
import { ROLES } from '../../platform/db/schema/index.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { email, text } from '../../platform/http/schemas.js';

const password = z.string().min(10, 'At least 10 characters').max(200);

export const userCreate = z.strictObject({ email, name: text(200), role: z.enum(ROLES), password });
export const userUpdate = z
  .strictObject({ name: text(200), role: z.enum(ROLES), password, disabled: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');
export const userQuery = z.strictObject({ ...pageQuery });

export const user = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled_at: z.date().nullable(),
  created_at: z.date(),
});

import { z } from 'zod';
import { ROLES } from '../../platform/db/schema/index.js';

export const login = z.strictObject({
  email: z.string().trim().max(254).min(1),
  password: z.string().min(1).max(200),
});

export const me = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(ROLES) }).nullable(),
  principal: z.object({
    actor_type: z.enum(['user', 'api_key', 'webhook']),
    actor_id: z.uuid(),
    role: z.enum(ROLES),
  }),
  organization: z.object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    time_zone: z.string(),
    locale: z.string(),
  }),
});

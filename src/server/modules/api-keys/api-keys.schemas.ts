import { z } from 'zod';
import { ROLES } from '../../platform/db/schema/index.js';
import { text } from '../../platform/http/schemas.js';

export const apiKeyCreate = z.strictObject({ name: text(100), role: z.enum(ROLES) });

export const apiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(ROLES),
  prefix: z.string(),
  last_used_at: z.date().nullable(),
  revoked_at: z.date().nullable(),
  created_at: z.date(),
});

export const apiKeyCreated = apiKey.extend({
  key: z.string().describe('The secret. Shown only in this answer; PRM stores only its hash.'),
});

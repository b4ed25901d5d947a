import { z } from 'zod';

export const toolInfo = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  input_schema: z.record(z.string(), z.unknown()),
});
export const toolList = z.object({ data: z.array(toolInfo) });

/** The seed's shape: `{ "name": "get_appointment_analytics", "args": { … } }`. */
export const runRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  args: z.record(z.string(), z.unknown()).optional(),
});
export const runResponse = z.object({ name: z.string(), result: z.unknown() });

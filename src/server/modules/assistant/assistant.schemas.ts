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

export const askRequest = z.strictObject({ question: z.string().trim().min(1).max(500) });
export const askResponse = z.object({
  mode: z.enum(['llm', 'interpreter']),
  answer: z.string(),
  /** Interpreter mode: the query_analytics_nl result (interpretation, figures). */
  result: z.unknown().optional(),
  /** LLM mode: the tools the model called, in order. */
  tool_calls: z.array(z.object({ name: z.string(), arguments: z.string(), ok: z.boolean() })).optional(),
  steps: z.number().optional(),
  /** Why the configured model was not used for this answer. */
  llm_error: z.string().optional(),
});

import { z } from 'zod';

/**
 * JSON carries timestamps as ISO strings while the server's response schemas say `z.date()`. Walking the
 * schema (not guessing from the string's shape) turns exactly those fields back into Dates, so the
 * server's own schemas can parse the response unchanged.
 */
export function reviveDates(schema: z.ZodType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (schema instanceof z.ZodDate) return typeof value === 'string' ? new Date(value) : value;
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional || schema instanceof z.ZodDefault)
    return reviveDates(schema.unwrap() as z.ZodType, value);
  if (schema instanceof z.ZodPipe) return reviveDates(schema.in as z.ZodType, value);
  if (schema instanceof z.ZodArray)
    return Array.isArray(value) ? value.map((v) => reviveDates(schema.element as z.ZodType, v)) : value;
  if (schema instanceof z.ZodObject && typeof value === 'object') {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, shape[k] ? reviveDates(shape[k], v) : v]),
    );
  }
  return value;
}

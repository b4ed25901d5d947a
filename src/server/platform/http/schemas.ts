import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

export const uuid = z.uuid();
export const idParams = z.strictObject({ id: z.uuid() });

/** Bounded text: every string a client sends has a maximum, so a 10 kB name is a 400, not a row. */
export const text = (max = 200) => z.string().trim().min(1).max(max);
export const optionalText = (max = 200) => z.string().trim().max(max).nullable().optional();

/** Normalise any international number to E.164, the one form PRM stores and compares. */
export function toE164(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim());
  return parsed?.isValid() ? parsed.number : null;
}

export const phone = z
  .string()
  .max(32)
  .transform((v, ctx) => {
    const e164 = toE164(v);
    if (!e164) {
      ctx.addIssue({
        code: 'custom',
        message: 'Invalid phone number; use international format like +919812345678',
      });
      return z.NEVER;
    }
    return e164;
  });

export const email = z.email().max(254);

/** ISO-8601 instant with an explicit offset; a bare local time would be ambiguous across time zones. */
export const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const isoDate = z.iso.date();

export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  request_id: z.string(),
});

/** The error answers every route may give, for the OpenAPI document. */
export const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };

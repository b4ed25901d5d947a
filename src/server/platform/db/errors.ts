/** Postgres error code of a failed query, through drizzle's wrapping (pg and PGlite alike). */
export function pgErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown) => pgErrorCode(err) === '23505';
export const isForeignKeyViolation = (err: unknown) => pgErrorCode(err) === '23503';

/**
 * What may be logged about a failed query: drizzle's message embeds the parameters (names, phones,
 * message bodies), so only the SQL text and the database's own error are kept.
 */
export function safeErrorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const q = err as Error & { query?: unknown; cause?: unknown };
  if (typeof q.query === 'string') {
    const cause = q.cause instanceof Error ? q.cause : undefined;
    return {
      type: 'DatabaseError',
      query: q.query,
      code: pgErrorCode(err),
      message: cause?.message,
      stack: cause?.stack,
    };
  }
  return { type: err.name, message: err.message, stack: err.stack, code: (err as { code?: unknown }).code };
}

import type { z } from 'zod';
import { problem } from '../../server/platform/http/schemas.js';
import { reviveDates } from './revive.js';

export type Problem = z.infer<typeof problem>;

/** A refused request, carrying the server's problem+json (detail says why: a 409's reason, a 400's field). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `The server answered ${status}`);
  }
}

/** The error for a refused response, with the server's problem+json when it sent one. */
export async function problemOf(res: Response): Promise<ApiError> {
  const parsed = problem.safeParse(await res.json().catch(() => null));
  return new ApiError(res.status, parsed.success ? parsed.data : null);
}

type Query = Record<string, string | number | undefined | null>;

function url(path: string, query?: Query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null) params.set(k, String(v));
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

/**
 * One request to the API, parsed with the server's response schema: a response that does not match the
 * contract is an error here, not a silent `undefined` in a component.
 */
export async function call<S extends z.ZodType>(
  schema: S,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: { query?: Query; body?: unknown; signal?: AbortSignal } = {},
): Promise<z.output<S>> {
  const res = await fetch(url(path, options.query), {
    method,
    credentials: 'same-origin',
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!res.ok) throw await problemOf(res);
  const json: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  return schema.parse(reviveDates(schema, json));
}

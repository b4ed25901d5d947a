import { randomUUID } from 'node:crypto';

/** Accept a caller's X-Request-Id when it is sane (for tracing across services), else make one. */
export function genReqId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given)) return given;
  return randomUUID();
}

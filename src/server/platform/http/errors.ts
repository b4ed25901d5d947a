import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { safeErrorForLog } from '../db/errors.js';

export type FieldError = { field: string; message: string };

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A domain error: services throw these; the one error handler below maps them to problem+json. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

export const notFound = (entity: string) => new AppError(404, 'not_found', `${entity} not found`);
export const conflict = (code: string, detail: string) => new AppError(409, code, detail);
export const forbidden = (detail = 'Your role does not allow this action') =>
  new AppError(403, 'forbidden', detail);
export const unauthorized = (detail = 'Authentication required') => new AppError(401, 'unauthorized', detail);
export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'invalid_request', detail, errors);

export function problemBody(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  errors?: FieldError[],
) {
  return {
    type: `https://prm.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(errors?.length ? { errors } : {}),
    request_id: requestId,
  };
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send(problemBody(status, code, detail, reply.request.id, errors));
}

function fieldPath(where: string, path: readonly PropertyKey[] | undefined): string {
  const parts = (path ?? []).map(String);
  return [where, ...parts].filter(Boolean).join('.');
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const errors: FieldError[] = err.validation.flatMap((v) => {
        const path = v.instancePath.split('/').filter(Boolean);
        const keys = (v.params as { keys?: string[] }).keys;
        if (v.keyword === 'unrecognized_keys' && keys)
          return keys.map((k) => ({ field: fieldPath(where, [...path, k]), message: 'Unknown field' }));
        return [{ field: fieldPath(where, path), message: v.message ?? 'Invalid value' }];
      });
      const first = errors[0];
      return sendProblem(
        reply,
        400,
        'validation_failed',
        first ? `Invalid ${first.field}: ${first.message}` : 'Invalid request',
        errors,
      );
    }
    if (err instanceof AppError) return sendProblem(reply, err.status, err.code, err.message, err.errors);
    if (isResponseSerializationError(err)) {
      request.log.error(
        { err: { message: err.message, issues: err.cause.issues } },
        'response schema mismatch',
      );
      return sendProblem(reply, 500, 'internal', 'An unexpected error occurred');
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large, rate limit.
      const code = (err.code ?? 'bad_request').toLowerCase();
      return sendProblem(reply, status, code, err.message);
    }
    request.log.error({ err: safeErrorForLog(err) }, 'unhandled error');
    return sendProblem(reply, 500, 'internal', 'An unexpected error occurred');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
}

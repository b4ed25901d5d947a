import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { ADMIN } from '../../platform/auth/principal.js';
import { errorResponses, idParams } from '../../platform/http/schemas.js';
import * as s from './api-keys.schemas.js';
import * as service from './api-keys.service.js';

export async function apiKeyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const config = { auth: ADMIN };
  const tags = ['api keys'];
  app.get(
    '/api-keys',
    {
      config,
      schema: {
        tags,
        summary: 'List API keys (never their secrets)',
        response: { 200: z.object({ data: z.array(s.apiKey) }), ...errorResponses },
      },
    },
    (req) => service.listApiKeys(db, ctxOf(req)),
  );
  app.post(
    '/api-keys',
    {
      config,
      schema: {
        tags,
        summary: 'Create an API key scoped to this organisation and a role; the key is shown once',
        body: s.apiKeyCreate,
        response: { 201: s.apiKeyCreated, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createApiKey(db, ctxOf(req), req.body)),
  );
  app.delete(
    '/api-keys/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: idParams,
        response: { 200: s.apiKey, ...errorResponses },
      },
    },
    (req) => service.revokeApiKey(db, ctxOf(req), req.params.id),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { ADMIN } from '../../platform/auth/principal.js';
import { page } from '../../platform/http/pagination.js';
import { errorResponses, idParams } from '../../platform/http/schemas.js';
import * as s from './users.schemas.js';
import * as service from './users.service.js';

export async function userRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const config = { auth: ADMIN };
  const tags = ['users'];
  app.get(
    '/users',
    {
      config,
      schema: {
        tags,
        summary: 'List users',
        querystring: s.userQuery,
        response: { 200: page(s.user), ...errorResponses },
      },
    },
    (req) => service.listUsers(db, ctxOf(req), req.query),
  );
  app.post(
    '/users',
    {
      config,
      schema: {
        tags,
        summary: 'Create a user',
        body: s.userCreate,
        response: { 201: s.user, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createUser(db, ctxOf(req), req.body)),
  );
  app.get(
    '/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Read a user',
        params: idParams,
        response: { 200: s.user, ...errorResponses },
      },
    },
    (req) => service.getUser(db, ctxOf(req), req.params.id),
  );
  app.patch(
    '/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a user (name, role, password, disabled)',
        params: idParams,
        body: s.userUpdate,
        response: { 200: s.user, ...errorResponses },
      },
    },
    (req) => service.updateUser(db, ctxOf(req), req.params.id, req.body),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf, SESSION_COOKIE } from '../../platform/auth/auth.plugin.js';
import { errorResponses, problem } from '../../platform/http/schemas.js';
import * as s from './auth.schemas.js';
import * as service from './auth.service.js';

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const { sessionTtlHours, cookieSecure, loginRateLimit } = app.config;
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in; sets the httpOnly session cookie',
        security: [],
        body: s.login,
        response: { 200: s.me, 400: problem, 401: problem, 429: problem },
      },
    },
    async (req, reply) => {
      const { token, expiresAt, principal } = await service.login(
        db,
        req.body.email,
        req.body.password,
        sessionTtlHours,
      );
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        secure: cookieSecure,
        sameSite: 'lax',
        path: '/',
        expires: expiresAt,
      });
      return service.whoAmI(db, { principal, requestId: req.id });
    },
  );

  app.post(
    '/auth/logout',
    { config: { auth: 'public' }, schema: { tags, summary: 'Sign out', response: { 204: z.null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await service.logout(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags,
        summary: 'Who is signed in, and in which organisation',
        response: { 200: s.me, ...errorResponses },
      },
    },
    (req) => service.whoAmI(db, ctxOf(req)),
  );
}

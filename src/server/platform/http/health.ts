import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendProblem } from './errors.js';

export async function healthRoutes(app: FastifyInstance) {
  const status = z.object({ status: z.string() });
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: { tags: ['system'], summary: 'Liveness', response: { 200: status } },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/ready',
    {
      config: { auth: 'public' },
      schema: { tags: ['system'], summary: 'Readiness: the database answers', response: { 200: status } },
    },
    async (_req, reply) => {
      try {
        await app.database.ping();
        return { status: 'ready' };
      } catch {
        return sendProblem(reply, 503, 'not_ready', 'Database unreachable');
      }
    },
  );
}

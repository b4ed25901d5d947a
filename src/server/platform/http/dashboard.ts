import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from './errors.js';

/** Where `npm run build` (and `npm start`'s prestart) puts the dashboard bundle. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../../../dist/dashboard/', import.meta.url));

/** Paths the API owns: they never fall back to the dashboard, so a mistyped API URL stays a 404 problem. */
const API_PATH = /^\/(api|docs)(\/|$)/;

/**
 * The dashboard at `/`: hashed assets cached for a year, every other GET answered with index.html so the
 * browser router handles deep links (`/patients/…`) and reloads.
 */
export async function dashboardRoutes(app: FastifyInstance, opts: { root?: string | undefined }) {
  const root = opts.root ?? DASHBOARD_DIR;
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'dashboard bundle not built (npm run build); serving the API only');
    return;
  }
  await app.register(fastifyStatic, { root, serve: false });
  const config = { auth: 'public' as const };
  const schema = { hide: true };

  app.get<{ Params: { '*': string } }>('/assets/*', { config, schema }, (req, reply) =>
    reply.sendFile(req.params['*'], path.join(root, 'assets'), { immutable: true, maxAge: '365d' }),
  );
  app.get('/*', { config, schema }, (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (API_PATH.test(url)) return sendProblem(reply, 404, 'route_not_found', `No route GET ${url}`);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}

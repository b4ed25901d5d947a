import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { DEMO_PASSWORD, seedDemo } from '../cli/seed/index.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { type Database, openDatabase } from './platform/db/client.js';
import { startMaintenance } from './platform/db/maintenance.js';
import { organizations } from './platform/db/schema/index.js';
import { startJobQueue } from './platform/jobs/queue.js';

export function openConfiguredDatabase(config: Config) {
  return openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
}

/**
 * Processes of a split deployment often start together: one at a time migrates (and seeds), under a
 * session-level advisory lock on PostgreSQL; the embedded database has only one process.
 */
async function oneAtATime<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (!database.pool) return fn();
  const client = await database.pool.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtext('prm.startup'))`);
    return await fn();
  } finally {
    await client.query(`select pg_advisory_unlock(hashtext('prm.startup'))`).catch(() => undefined);
    client.release();
  }
}

/**
 * One process with the role the config names (decision 0307): by default everything — API, dashboard and
 * worker. Migrates on start; seeds a demo organisation when the database has none (first start); shuts
 * down gracefully on SIGTERM/SIGINT, finishing in-flight requests and work.
 */
export async function startServer(config: Config) {
  const database = await openConfiguredDatabase(config);
  const servesApi = config.role !== 'worker';
  const { demo, seeded } = await oneAtATime(database, async () => {
    await database.migrate();
    const [orgs] = await database.db.select({ n: count() }).from(organizations);
    if (!servesApi || !config.seedDemo || orgs?.n !== 0) return { demo: null, seeded: false };
    const { tenants } = await seedDemo(database.db, { progress: process.stderr.isTTY });
    return { demo: tenants[0]?.emails.admin ?? null, seeded: true };
  });
  // Before the app exists: an embedded ANALYZE holds the event loop, and the load-shedding monitor would
  // count that against the first requests (503s just after the banner).
  const maintenance = startMaintenance(database, console, { bulkLoaded: seeded });
  await maintenance.first;
  const jobs = await startJobQueue(database, console);
  const app = await buildApp({ config, database, jobs });
  const where =
    database.kind === 'pglite'
      ? `embedded PGlite in ${path.resolve(config.dataDir, 'pglite')}`
      : 'PostgreSQL';
  // A worker is the same app: its hooks start exactly the background work a single process runs, and it
  // listens for its probes only (platform/http/worker-probes.ts).
  await app.listen({ port: config.port, host: config.host });
  process.stdout.write(banner(config, where, demo, app.server.address()).join('\n'));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    maintenance.stop();
    await app.close();
    await jobs.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return app;
}

function banner(config: Config, where: string, demo: string | null, bound: AddressInfo | string | null) {
  if (config.role === 'worker') {
    const at = typeof bound === 'object' && bound ? `${config.host}:${bound.port}` : String(bound);
    return [
      '',
      'PRM worker is running: webhook processing, analytics, jobs and report schedules',
      `Probes: http://${at}/health, /ready and /metrics (nothing else is served)`,
      `Database: ${where}`,
      '',
    ];
  }
  return [
    '',
    `PRM is running at ${config.publicUrl}  (API docs: ${config.publicUrl}/docs)`,
    ...(config.role === 'api' ? ['Role: API only (background work runs in ROLE=worker processes)'] : []),
    `Database: ${where}`,
    demo
      ? `Demo login: ${demo} / ${DEMO_PASSWORD}   (also staff@demo.prm.local, analyst@demo.prm.local)`
      : 'Demo login: admin@demo.prm.local / prm-demo-2026 (if the demo organisation was seeded)',
    '',
  ];
}
